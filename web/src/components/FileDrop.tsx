import { Button, Progress, Upload, type UploadProps } from 'antd';
import { useCallback, useId, useRef, useState } from 'react';
import { asProblem, problemText } from '../lib/problem';
import { useLang, useT } from '../lib/i18n';
import { fileDropMessages } from './messages';
import { fileSize } from '../lib/format';
import { DEFAULT_UPLOAD_LIMIT_BYTES } from '../../../contract/uploads';

interface Row {
  key: string;
  file: File;
  progress: number;
  state: 'uploading' | 'done' | 'failed';
  error?: string;
  abort?: () => void;
}

export interface UploadStarter {
  (file: File, onProgress: (f: number) => void): { promise: Promise<unknown>; abort(): void };
}

/** "50 MB" — the unit people know (a MiB, as the server counts, is what everyone calls a MB). */
const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** antd keeps no list of its own: this component lists the files (progress, refusal, dismiss). */
const NO_FILES: NonNullable<UploadProps['fileList']> = [];

/**
 * Drag-and-drop (or choose) files, each uploaded at once with its own progress bar; a refused file
 * shows the server's reason (with the notice clause) under its name, and the others go on. The size
 * limit is said before a file is chosen, and a larger file is refused here, before any byte is sent.
 * A finished file leaves this list at once (it is then listed with the materials, once); a failed one
 * stays until dismissed. Built on antd's `Upload.Dragger`: its `customRequest` calls `start`, its
 * `beforeUpload` checks the size; every file reaches the server (no silent filtering by type), which
 * says why one is refused.
 */
export function FileDrop({
  label,
  start,
  accept = 'application/pdf,.pdf',
  multiple = true,
  image = false,
  disabled = false,
  onUploaded,
  maxBytes = DEFAULT_UPLOAD_LIMIT_BYTES,
}: {
  label: string;
  start: UploadStarter;
  accept?: string;
  multiple?: boolean;
  image?: boolean;
  disabled?: boolean;
  onUploaded?: () => void;
  /** the largest file the server takes for this kind */
  maxBytes?: number;
}) {
  const t = useT(fileDropMessages);
  const { lang } = useLang();
  const id = useId();
  const wrap = useRef<HTMLDivElement>(null);
  const [uploads, setUploads] = useState<Row[]>([]);
  const [announce, setAnnounce] = useState('');
  const patch = (key: string, p: Partial<Row>) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...p } : u)));
  const keyOf = (file: File) => `${file.name}-${file.size}-${Math.random().toString(36).slice(2)}`;

  const beforeUpload = useCallback<NonNullable<UploadProps['beforeUpload']>>(
    (file) => {
      if (file.size <= maxBytes) return true;
      // refused before sending: a 52 MB file is not uploaded whole only to be refused
      const error = t('tooLarge', { size: fileSize(file.size), max: mb(maxBytes) });
      setUploads((list) => [...list, { key: keyOf(file), file, progress: 0, state: 'failed', error }]);
      return Upload.LIST_IGNORE;
    },
    [maxBytes, t],
  );

  const customRequest = useCallback<NonNullable<UploadProps['customRequest']>>(
    ({ file, onProgress, onSuccess, onError }) => {
      const f = file as File;
      const key = keyOf(f);
      const h = start(f, (x) => {
        patch(key, { progress: Math.round(x * 100) });
        onProgress?.({ percent: x * 100 });
      });
      setUploads((list) => [...list, { key, file: f, progress: 0, state: 'uploading', abort: h.abort }]);
      h.promise.then(
        (body) => {
          // listed once: the file now shows among the materials, not here as well
          setUploads((list) => list.filter((u) => u.key !== key));
          setAnnounce(t('uploadedName', { name: f.name }));
          onSuccess?.(body);
          onUploaded?.();
        },
        (err: unknown) => {
          patch(key, { state: 'failed', error: problemText(asProblem(err), lang) });
          onError?.(err instanceof Error ? err : new Error(String(err)));
        },
      );
      return { abort: h.abort };
    },
    [start, onUploaded, t, lang],
  );

  const failed = uploads.filter((u) => u.state === 'failed').length;
  return (
    <div ref={wrap}>
      <Upload.Dragger
        // 'native': the chooser offers `accept`, but a dropped file of another type still goes to the server, which says why it is refused
        accept={{ format: accept, filter: 'native' }}
        multiple={multiple}
        disabled={disabled}
        fileList={NO_FILES}
        showUploadList={false}
        beforeUpload={beforeUpload}
        customRequest={customRequest}
        hasControlInside
        data-testid={`file-${label}`}
      >
        <span id={`${id}-label`}>{image ? t('dropImage') : t('drop')}</span>{' '}
        <Button
          size="small"
          disabled={disabled}
          aria-label={`${t('choose')}：${label}`}
          aria-describedby={`${id}-limit`}
          // the keyboard's way in: Enter and Space click this button, which opens the chooser and keeps the focus
          // (the area's own Enter handler would blur the button and open nothing)
          onKeyDown={(e) => e.stopPropagation()}
          onClick={(e) => {
            e.stopPropagation();
            wrap.current?.querySelector<HTMLInputElement>('input[type=file]')?.click();
          }}
        >
          {t('choose')}
        </Button>
        <div className="muted fs-12 mt-4" id={`${id}-limit`}>
          {t(image ? 'limitImage' : 'limitPdf', { max: mb(maxBytes) })}
        </div>
      </Upload.Dragger>
      <span className="sr-only" role="status">
        {announce}
      </span>
      {failed > 1 ? (
        <Button size="small" type="link" className="p-0" onClick={() => setUploads((l) => l.filter((x) => x.state !== 'failed'))}>
          {t('dismissAll')}
        </Button>
      ) : null}
      {uploads.length > 0 && (
        <ul className="list-none p-0 mt-8 mb-0" aria-live="polite">
          {uploads.map((u) => (
            <li key={u.key} className="mb-6">
              <div className="row gap-8 between">
                <span>
                  {u.file.name} <span className="muted">{fileSize(u.file.size)}</span>
                  {u.state === 'done' ? ` — ${t('done')}` : ''}
                </span>
                {u.state === 'uploading' ? (
                  <Button size="small" onClick={() => u.abort?.()}>
                    {t('cancel')}
                  </Button>
                ) : u.state === 'failed' ? (
                  <Button size="small" aria-label={`${t('dismiss')}：${u.file.name}`} onClick={() => setUploads((l) => l.filter((x) => x.key !== u.key))}>
                    {t('dismiss')}
                  </Button>
                ) : null}
              </div>
              {u.state === 'failed' && u.progress === 0 ? null : (
                <Progress
                  percent={u.progress}
                  size="small"
                  status={u.state === 'failed' ? 'exception' : u.state === 'done' ? 'success' : 'active'}
                  aria-label={t('uploading', { name: u.file.name })}
                />
              )}
              {u.error ? (
                <div role="alert" className="text-danger">
                  {t('failed')}
                  {lang === 'en' ? ': ' : '：'}
                  {u.error}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
