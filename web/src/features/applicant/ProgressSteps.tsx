import { Alert, App, Button, Checkbox, Table } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { ChecklistPanel } from '../../components/ChecklistPanel';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Chip } from '../../components/StatusTag';
import { useT, useLang } from '../../lib/i18n';
import { formatDateTime } from '../../lib/format';
import { keys } from '../../lib/queries';
import type { Application, Checklist } from '../../lib/types';
import { districtName } from '../../lib/vocab';
import { requestRecommendation, submitApplication } from './api';
import { applicantMessages } from './messages';
import { CONDITION_KEYS, conditionMessages } from '../../lib/notice-messages';

const NONE: readonly boolean[] = CONDITION_KEYS.map(() => false);

/**
 * 一(一)–(六), declared one by one — a form control (`value`/`onChange` come from its Form.Item), so
 * the ticks are saved with the rest of the draft. `declaredAt`: when the server recorded all six.
 */
export function Declarations({
  value,
  onChange,
  disabled,
  declaredAt,
}: {
  value?: boolean[];
  onChange?: (v: boolean[]) => void;
  disabled?: boolean;
  declaredAt?: string;
}) {
  const { lang } = useLang();
  const t = useT(applicantMessages);
  const tc = useT(conditionMessages);
  const ticks = CONDITION_KEYS.map((_, i) => value?.[i] ?? NONE[i]!);
  return (
    <fieldset className="bare-fieldset">
      <legend className="steps-legend">{t('declarationsTitle')}</legend>
      <p className="muted">{t('declarationsIntro')}</p>
      {CONDITION_KEYS.map((c, i) => (
        <div key={c} className="mb-8">
          <Checkbox checked={ticks[i]} disabled={disabled} onChange={(e) => onChange?.(ticks.map((v, j) => (j === i ? e.target.checked : v)))}>
            {tc(c)}
          </Checkbox>
        </div>
      ))}
      {declaredAt && ticks.every(Boolean) ? <p className="muted m-0">{t('declaredAt', { time: formatDateTime(declaredAt, lang) })}</p> : null}
    </fieldset>
  );
}

/** 三(一): ask the industry authority and each site's district HR bureau to recommend. */
export function RecommendStep({ app, declared, beforeRequest }: { app: Application; declared: boolean; beforeRequest: () => Promise<void> }) {
  const t = useT(applicantMessages);
  const qc = useQueryClient();
  const req = useMutation({
    mutationFn: async () => {
      await beforeRequest();
      return requestRecommendation(app.id);
    },
    onSuccess: (a) => {
      qc.setQueryData(keys.application(app.id), a);
      void qc.invalidateQueries({ queryKey: keys.checklist(app.id) });
    },
  });
  const canRequest = app.status === 'draft' || app.status === 'recommendation_declined';
  const lacking = app.items.length === 0 || app.sites.length === 0;
  return (
    <div className="stack">
      <p className="muted m-0">{t('recIntro')}</p>
      <Table
        size="small"
        rowKey={(r) => `${r.role}-${r.district ?? r.authority}`}
        pagination={false}
        dataSource={app.requiredRecommendations}
        caption={t('recRequired')}
        columns={[
          { title: t('recRequired'), render: (_, r) => (r.role === 'district_hr' ? t('districtHr', { district: districtName(r.district) }) : r.authority) },
          {
            title: t('status'),
            render: (_, r) =>
              r.decision === 'recommend' ? (
                <Chip tone="good">{t('recYes')}</Chip>
              ) : r.decision === 'decline' ? (
                <Chip tone="bad">{t('recNo')}</Chip>
              ) : (
                <Chip>{t('recPending')}</Chip>
              ),
          },
          {
            title: t('recComment'),
            render: (_, r) =>
              [...app.recommendations].reverse().find((x) => x.role === r.role && (r.role !== 'district_hr' || x.district === r.district))?.comment ?? '',
          },
        ]}
      />
      {app.status === 'awaiting_recommendation' ? <Alert type="info" showIcon title={t('recRequested')} /> : null}
      {app.status === 'recommendation_declined' ? <Alert type="warning" showIcon title={t('recDeclined')} /> : null}
      {app.status === 'recommended' ? <Alert type="success" showIcon title={t('recAllDone')} /> : null}
      {canRequest && lacking ? <Alert type="warning" showIcon title={t('needItemsSites')} /> : null}
      {canRequest && !declared ? <Alert type="warning" showIcon title={t('declarationsNeeded')} /> : null}
      {req.error ? <ProblemAlert error={req.error} /> : null}
      {canRequest ? (
        <Button type="primary" onClick={() => req.mutate()} loading={req.isPending} disabled={lacking || !declared} className="self-start">
          {t('requestRec')}
        </Button>
      ) : null}
    </div>
  );
}

/**
 * 四(二): submit within the window (or the correction period). 提交申报 is enabled only when nothing
 * stands in the way; until then the button says why, and the blockers are listed once, here.
 */
export function SubmitStep({
  app,
  checklist,
  declared,
  beforeSubmit,
  onFix,
}: {
  app: Application;
  checklist: Checklist | undefined;
  declared: boolean;
  beforeSubmit: () => Promise<void>;
  onFix?: (step: number) => void;
}) {
  const t = useT(applicantMessages);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { modal } = App.useApp();
  const submit = useMutation({
    mutationFn: async () => {
      await beforeSubmit();
      return submitApplication(app.id, crypto.randomUUID());
    },
    onSuccess: (a) => {
      qc.setQueryData(keys.application(app.id), a);
      void qc.invalidateQueries({ queryKey: ['applications'] });
      void navigate(`/app/my/applications/${app.id}`);
    },
    onError: () => void qc.invalidateQueries({ queryKey: keys.checklist(app.id) }),
  });
  const blockers = checklist?.blockers ?? [];
  const ready = !!checklist?.ready && declared;
  const reasonId = `submit-reason-${app.id}`;
  const reason = !checklist ? '' : !declared ? t('declarationsNeeded') : !checklist.ready ? t('submitBlocked', { n: blockers.length }) : '';
  const has = (code: string) => blockers.some((b) => b.code === code);
  return (
    <div className="stack">
      <p className="muted m-0">{t('submitIntro')}</p>
      <ChecklistPanel checklist={checklist} />
      {!declared ? <Alert type="warning" showIcon title={t('declarationsNeeded')} /> : null}
      {submit.error ? <ProblemAlert error={submit.error} blockersShown /> : null}
      <div className="row gap-8">
        <Button
          type="primary"
          size="large"
          disabled={!ready}
          aria-describedby={reason ? reasonId : undefined}
          loading={submit.isPending}
          onClick={() => modal.confirm({ title: t('submitConfirm'), okText: t('submit'), onOk: () => submit.mutateAsync().catch(() => {}) })}
        >
          {t('submit')}
        </Button>
        {onFix && has('MATERIAL_MISSING') ? <Button onClick={() => onFix(3)}>{t('fixMaterials')}</Button> : null}
        {onFix && has('RECOMMENDATION_MISSING') && (app.status === 'draft' || app.status === 'recommendation_declined') ? (
          <Button onClick={() => onFix(4)}>{t('fixRecommend')}</Button>
        ) : null}
      </div>
      {reason ? (
        <p id={reasonId} className="muted m-0">
          {reason}
        </p>
      ) : null}
    </div>
  );
}
