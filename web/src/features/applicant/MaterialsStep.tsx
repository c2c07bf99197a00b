import { App, Button, Card, List } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { REQUIRED_MATERIAL_KINDS, SAMPLE_PAPERS_PER_ITEM, type MaterialKind } from '../../../../contract/enums';
import { FileDrop } from '../../components/FileDrop';
import { Chip } from '../../components/StatusTag';
import { downloadHref } from '../../lib/api';
import { fileSize, formatDateTime } from '../../lib/format';
import { useT, useLang } from '../../lib/i18n';
import { asProblem, problemText } from '../../lib/problem';
import { keys } from '../../lib/queries';
import type { Application, Material } from '../../lib/types';
import { materialKindText } from '../../lib/server-messages';
import { deleteMaterial, uploadMaterial } from './api';
import { applicantMessages } from './messages';

function Files({ app, files, editable }: { app: Application; files: Material[]; editable: boolean }) {
  const { lang } = useLang();
  const t = useT(applicantMessages);
  const qc = useQueryClient();
  const { modal, message } = App.useApp();
  if (!files.length) return null;
  return (
    <List
      size="small"
      dataSource={files}
      renderItem={(f) => (
        <List.Item
          actions={
            editable
              ? [
                  <Button
                    key="del"
                    size="small"
                    danger
                    aria-label={`${t('delete')} ${f.fileName}`}
                    onClick={() =>
                      modal.confirm({
                        title: t('deleteConfirm', { name: f.fileName }),
                        okButtonProps: { danger: true },
                        onOk: async () => {
                          try {
                            await deleteMaterial(app.id, f.id);
                          } catch (err) {
                            message.error(problemText(asProblem(err), lang));
                          }
                          await qc.invalidateQueries({ queryKey: keys.application(app.id) });
                          await qc.invalidateQueries({ queryKey: keys.checklist(app.id) });
                        },
                      })
                    }
                  >
                    {t('delete')}
                  </Button>,
                ]
              : []
          }
        >
          <span>
            <Chip tone="good">{t('uploaded')}</Chip> <a href={downloadHref(`/applications/${app.id}/materials/${f.id}`)}>{f.fileName}</a>{' '}
            <span className="muted">
              {fileSize(f.size)} · {formatDateTime(f.uploadedAt, lang)}
            </span>
          </span>
        </List.Item>
      )}
    />
  );
}

/**
 * 四(一) item 2, 推荐函: the recommenders give it in the system, or on paper — then the applicant may
 * upload the scanned letter itself while the application awaits recommendation (the server takes it
 * then); the centre records the recommendation. Optional: not a blocker of the checklist.
 */
function LetterCard({
  app,
  editable,
  of,
  starter,
  refresh,
}: {
  app: Application;
  editable: boolean;
  of: (kind: MaterialKind) => Material[];
  starter: (kind: MaterialKind) => (file: File, onProgress: (f: number) => void) => { promise: Promise<unknown>; abort(): void };
  refresh: () => void;
}) {
  const t = useT(applicantMessages);
  const { lang } = useLang();
  const materialKindLabel = (k: MaterialKind) => materialKindText(k, lang);
  const letters = of('recommendation_letter');
  const open = editable && app.status === 'awaiting_recommendation';
  return (
    <Card size="small" title={<h3 className="item-title wrap">{t('letterTitle', { name: materialKindLabel('recommendation_letter') })}</h3>}>
      <p className="muted mt-0">{open ? t('letterIntro') : t('letterWhen')}</p>
      <Files app={app} files={letters} editable={open} />
      {open ? <FileDrop label={materialKindLabel('recommendation_letter')} start={starter('recommendation_letter')} onUploaded={refresh} /> : null}
    </Card>
  );
}

/** 四(一) materials: drag-and-drop PDFs with a progress bar each; two sample papers per occupation. */
export function MaterialsStep({ app, editable }: { app: Application; editable: boolean }) {
  const t = useT(applicantMessages);
  const { lang } = useLang();
  // the names of 四(一) glossed in English (materialKindText)
  const materialKindLabel = (k: MaterialKind) => materialKindText(k, lang);
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: keys.application(app.id) });
    void qc.invalidateQueries({ queryKey: keys.checklist(app.id) });
  };
  const starter = (kind: MaterialKind, itemId?: string) => (file: File, onProgress: (f: number) => void) =>
    uploadMaterial(app.id, { kind, ...(itemId ? { itemId } : {}) }, file, onProgress);
  const of = (kind: MaterialKind, itemId?: string) => app.materials.filter((m) => m.kind === kind && (itemId ? m.itemId === itemId : true));

  return (
    <div className="stack">
      <p className="muted m-0">{t('materialsIntro')}</p>
      {REQUIRED_MATERIAL_KINDS.map((kind) => (
        <Card key={kind} size="small" title={<h3 className="item-title wrap">{materialKindLabel(kind)}</h3>}>
          {kind === 'application_form' ? (
            <p className="mt-0">
              <a href={downloadHref(`/applications/${app.id}/form.pdf`)}>{t('formPdf')}</a>
            </p>
          ) : null}
          <Files app={app} files={of(kind)} editable={editable} />
          {editable ? <FileDrop label={materialKindLabel(kind)} start={starter(kind)} onUploaded={refresh} /> : null}
        </Card>
      ))}
      <LetterCard app={app} editable={editable} of={of} starter={starter} refresh={refresh} />
      {app.items.length === 0 ? <p>{t('saveFirst')}</p> : null}
      {app.items.map((item) => {
        const papers = of('sample_paper', item.id);
        return (
          <Card key={item.id} size="small" title={<h3 className="item-title">{t('samplePapers', { name: item.name, n: papers.length })}</h3>}>
            <Files app={app} files={papers} editable={editable} />
            {editable ? (
              <FileDrop
                label={`${materialKindLabel('sample_paper')} ${item.name}`}
                start={starter('sample_paper', item.id)}
                onUploaded={refresh}
                disabled={papers.length >= SAMPLE_PAPERS_PER_ITEM * 2}
              />
            ) : null}
          </Card>
        );
      })}
    </div>
  );
}
