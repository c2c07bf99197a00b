import { App, Button, Card, Input } from 'antd';
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FileDrop } from '../../components/FileDrop';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ItemStatusTag } from '../../components/StatusTag';
import { downloadHref } from '../../lib/api';
import { useT, useLang } from '../../lib/i18n';
import { formatDate } from '../../lib/format';
import { keys } from '../../lib/queries';
import type { Application } from '../../lib/types';
import { submitProject, uploadMaterial } from './api';
import { applicantMessages } from './messages';

/**
 * 三(四): completing the project evaluation within 3 months is the applicant's duty. For one item in
 * project evaluation: upload 项目评估材料, then submit them — which stops the 3-month clock.
 */
function ProjectItemCard({ app, itemId }: { app: Application; itemId: string }) {
  const { lang } = useLang();
  const t = useT(applicantMessages);
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const [note, setNote] = useState('');
  const item = app.items.find((i) => i.id === itemId)!;
  const files = app.materials.filter((m) => m.kind === 'project_material' && m.itemId === itemId);
  const submit = useMutation({
    mutationFn: () => submitProject(itemId, note.trim()),
    onSuccess: (a) => {
      qc.setQueryData(keys.application(app.id), a);
      void qc.invalidateQueries({ queryKey: ['applications'] });
    },
  });
  const due = item.projectEvaluationDueOn ? formatDate(item.projectEvaluationDueOn, lang) : '—';
  return (
    <Card size="small" title={<h3 className="item-title">{item.name}</h3>} extra={<ItemStatusTag status={item.status} />}>
      {item.status === 'project_evaluation' ? <p className="mt-0">{t('projectDue', { date: due })}</p> : <p className="mt-0">{t('projectSubmittedNote')}</p>}
      <div>{t('projectFiles')}</div>
      {files.length ? (
        <ul>
          {files.map((m) => (
            <li key={m.id}>
              <a href={downloadHref(`/applications/${app.id}/materials/${m.id}`)}>{m.fileName}</a>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('projectNoFiles')}</p>
      )}
      <FileDrop
        label={t('projectUpload', { item: item.name })}
        accept="application/pdf,.pdf"
        start={(file, onProgress) => uploadMaterial(app.id, { kind: 'project_material', itemId }, file, onProgress)}
        onUploaded={() => void qc.invalidateQueries({ queryKey: keys.application(app.id) })}
      />
      {item.status === 'project_evaluation' ? (
        <div className="stack mt-12">
          <label htmlFor={`project-note-${itemId}`}>{t('projectNote')}</label>
          <Input.TextArea id={`project-note-${itemId}`} rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
          {submit.error ? <ProblemAlert error={submit.error} /> : null}
          <Button
            type="primary"
            className="self-start"
            loading={submit.isPending}
            disabled={files.length === 0}
            aria-label={`${t('projectSubmit')}：${item.name}`}
            onClick={() =>
              modal.confirm({
                title: t('projectSubmitConfirmTitle'),
                content: t('projectSubmitConfirm', { item: item.name, date: due }),
                okText: t('projectSubmit'),
                onOk: () => submit.mutateAsync().catch(() => {}),
              })
            }
          >
            {t('projectSubmit')}
          </Button>
        </div>
      ) : null}
    </Card>
  );
}

/** The applicant's part of the project evaluation (三(四)), for every item in it. */
export function ProjectSubmission({ app }: { app: Application }) {
  const t = useT(applicantMessages);
  const items = app.status === 'institution_passed' ? app.items.filter((i) => i.status === 'project_evaluation' || i.status === 'project_submitted') : [];
  if (items.length === 0) return null;
  return (
    <Card size="small" title={<h2 className="card-title-sm">{t('projectTitle')}</h2>}>
      <p className="muted mt-0">{t('projectIntro')}</p>
      <div className="stack">
        {items.map((i) => (
          <ProjectItemCard key={i.id} app={app} itemId={i.id} />
        ))}
      </div>
    </Card>
  );
}
