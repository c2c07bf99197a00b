import { Button, Progress } from 'antd';
import { useCallback, useId, useRef, useState, type DragEvent } from 'react';
import { asProblem, problemText } from '../lib/problem';
import { useLang, useT } from '../lib/i18n';
import { fileDropMessages } from './messages';
import { fileSize } from '../lib/format';
import { DEFAULT_UPLOAD_LIMIT_BYTES } from '../../../contract/uploads';

interface Upload {
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

/**
 * Drag-and-drop (or choose) files, each uploaded at once with its own progress bar; a refused file
 * shows the server's reason (with the notice clause) under its name, and the others go on. The size
 * limit is said before a file is chosen, and a larger file is refused here, before any byte is sent.
 * A finished file leaves this list at once (it is then listed with the materials, once); a failed one
 * stays until dismissed.
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
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [announce, setAnnounce] = useState('');
  const patch = (key: string, p: Partial<Upload>) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...p } : u)));

  const begin = useCallback(
    (files: FileList | File[]) => {
      for (const file of Array.from(files)) {
        const key = `${file.name}-${file.size}-${Math.random().toString(36).slice(2)}`;
        if (file.size > maxBytes) {
          // refused before sending: a 52 MB file is not uploaded whole only to be refused
          setUploads((list) => [...list, { key, file, progress: 0, state: 'failed', error: t('tooLarge', { size: fileSize(file.size), max: mb(maxBytes) }) }]);
          continue;
        }
        const h = start(file, (f) => patch(key, { progress: Math.round(f * 100) }));
        setUploads((list) => [...list, { key, file, progress: 0, state: 'uploading', abort: h.abort }]);
        h.promise.then(
          () => {
            // listed once: the file now shows among the materials, not here as well
            setUploads((list) => list.filter((u) => u.key !== key));
            setAnnounce(t('uploadedName', { name: file.name }));
            onUploaded?.();
          },
          (err: unknown) => patch(key, { state: 'failed', error: problemText(asProblem(err), lang) }),
        );
      }
    },
    [start, onUploaded, maxBytes, t, lang],
  );

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (disabled) return;
    if (e.dataTransfer.files.length) begin(multiple ? e.dataTransfer.files : [e.dataTransfer.files[0]!]);
  };

  return (
    <div>
      {/* eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-static-element-interactions -- a mouse convenience: the button inside is the way for keyboards */}
      <div
        className={`dropzone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          if (!disabled) setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        onClick={() => !disabled && input.current?.click()}
        aria-disabled={disabled}
      >
        <span id={`${id}-label`}>{image ? t('dropImage') : t('drop')}</span>{' '}
        <Button
          size="small"
          disabled={disabled}
          aria-label={`${t('choose')}：${label}`}
          aria-describedby={`${id}-limit`}
          onClick={(e) => {
            e.stopPropagation();
            input.current?.click();
          }}
        >
          {t('choose')}
        </Button>
        <div className="muted fs-12 mt-4" id={`${id}-limit`}>
          {t(image ? 'limitImage' : 'limitPdf', { max: mb(maxBytes) })}
        </div>
        <input
          ref={input}
          type="file"
          accept={accept}
          multiple={multiple}
          className="sr-only"
          tabIndex={-1}
          aria-hidden="true"
          data-testid={`file-${label}`}
          onChange={(e) => {
            if (e.target.files?.length) begin(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      <span className="sr-only" role="status">
        {announce}
      </span>
      {uploads.some((u) => u.state === 'failed') && uploads.filter((u) => u.state === 'failed').length > 1 ? (
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
