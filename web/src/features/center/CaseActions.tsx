import { Alert, App, Button, Card, DatePicker, Form, Input, Radio, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { FileDrop } from '../../components/FileDrop';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Chip, ItemStatusTag } from '../../components/StatusTag';
import { downloadHref } from '../../lib/api';
import { zh } from '../../lib/i18n';
import { formatDate, shanghaiDate } from '../../lib/format';
import { applyProblemToForm } from '../../lib/problem';
import { keys, useCampaigns, useClock } from '../../lib/queries';
import type { Application } from '../../lib/types';
import { useCalendarYears, workingDaysUntil } from '../../lib/workdays';
import { districtName } from '../../lib/vocab';
import { acceptance, assignExperts, reviewEligibility, institutionEvaluation, projectEvaluation, recordInspection, uploadSitePhoto, useExperts } from './api';
import { centerMessages } from './messages';
import { PaperRecommendation } from './PaperRecommendation';

const t = zh(centerMessages);

/** A command that answers the whole application: put it in the cache, refresh lists. */
function useCommand<V>(app: Application, run: (v: V) => Promise<Application>, form?: ReturnType<typeof Form.useForm>[0]) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (a) => {
      qc.setQueryData(keys.application(app.id), a);
      void qc.invalidateQueries({ queryKey: ['applications'] });
      form?.resetFields();
    },
    onError: (err) => {
      if (form) applyProblemToForm(form, err);
    },
  });
}

const h2 = (text: string) => <h2 style={{ fontSize: 15, margin: 0 }}>{text}</h2>;

/** 资格审核: an organisation whose USCC type needs the centre's review before acceptance (一). */
function EligibilityReview({ app }: { app: Application }) {
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const cmd = useMutation({
    mutationFn: (v: { decision: 'eligible' | 'not_eligible'; reason: string }) => reviewEligibility(app.organization.id, v),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.application(app.id) });
      void qc.invalidateQueries({ queryKey: ['applications'] });
      form.resetFields();
    },
    onError: (err) => applyProblemToForm(form, err),
  });
  const ask = (v: { decision: 'eligible' | 'not_eligible'; reason: string }) =>
    modal.confirm({
      title: t('reviewConfirm', { decision: v.decision === 'eligible' ? t('reviewEligible') : t('reviewNotEligible') }),
      content: t('reviewConfirmBody'),
      okText: t('reviewSubmit'),
      okButtonProps: { danger: v.decision === 'not_eligible' },
      onOk: () => cmd.mutateAsync(v).catch(() => {}),
    });
  return (
    <Card title={h2(t('reviewTitle'))}>
      <p className="muted" style={{ marginTop: 0 }}>{t('reviewIntro', { name: app.organization.name, uscc: app.organization.uscc })}</p>
      <Form form={form} name="eligibility-review" layout="vertical" onFinish={ask}>
        <Form.Item name="decision" label={t('reviewDecision')} rules={[{ required: true, message: t('reviewDecision') }]}>
          <Radio.Group options={[{ value: 'eligible', label: t('reviewEligible') }, { value: 'not_eligible', label: t('reviewNotEligible') }]} />
        </Form.Item>
        <Form.Item name="reason" label={t('reviewReason')} rules={[{ required: true, whitespace: true, min: 2, max: 2000, message: t('reviewReasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        {cmd.error ? <div style={{ marginBottom: 12 }}><ProblemAlert error={cmd.error} /></div> : null}
        <Button type="primary" htmlType="submit" loading={cmd.isPending}>{t('reviewSubmit')}</Button>
      </Form>
    </Card>
  );
}

function Acceptance({ app }: { app: Application }) {
  const [form] = Form.useForm();
  const campaigns = useCampaigns();
  const rules = campaigns.data?.find((c) => c.id === app.campaignId)?.rules;
  const cmd = useCommand(app, (v: { decision: 'accept' | 'return' | 'reject'; reason: string }) => acceptance(app.id, v), form);
  const decision = Form.useWatch('decision', form);
  return (
    <Card title={h2(t('acceptanceTitle'))}>
      <p className="muted" style={{ marginTop: 0 }}>{t('acceptanceIntro', { n: rules?.correctionWorkingDays ?? 5 })}</p>
      {app.organization.eligibility === 'needs_review' ? <Alert type="warning" showIcon title={t('needsReview')} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} name="acceptance" layout="vertical" onFinish={(v) => cmd.mutate({ ...v, reason: v.reason ?? '' })} initialValues={{ decision: 'accept' }}>
        <Form.Item name="decision" label={t('decision')}>
          <Radio.Group options={[{ value: 'accept', label: t('accept') }, { value: 'return', label: t('return') }, { value: 'reject', label: t('reject') }]} />
        </Form.Item>
        <Form.Item name="reason" label={t('reason')} rules={[{ required: decision !== 'accept', whitespace: true, message: t('reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        {cmd.error ? <div style={{ marginBottom: 12 }}><ProblemAlert error={cmd.error} /></div> : null}
        <Button type="primary" htmlType="submit" loading={cmd.isPending} danger={decision === 'reject'}>{t('confirm')}</Button>
      </Form>
    </Card>
  );
}

function Experts({ app, min }: { app: Application; min: number }) {
  const [form] = Form.useForm();
  const experts = useExperts();
  const cmd = useCommand(app, (v: { expertUserIds: string[] }) => assignExperts(app.id, v.expertUserIds));
  // every enabled expert (name and account, to tell namesakes apart), and those already assigned
  const options = (experts.data ?? []).map((e) => ({ value: e.id, label: t('expertOption', { name: e.displayName, username: e.username }), title: e.username }));
  for (const e of app.experts) if (!options.some((o) => o.value === e.id)) options.push({ value: e.id, label: e.displayName, title: e.displayName });
  return (
    <Card title={h2(t('expertsTitle'))}>
      <p className="muted" style={{ marginTop: 0 }}>{t('expertsIntro', { n: min })}</p>
      <Form form={form} name="experts" layout="vertical" onFinish={(v) => cmd.mutate(v)} initialValues={{ expertUserIds: app.experts.map((e) => e.id) }}>
        <Form.Item name="expertUserIds" label={t('expertsPick')} extra={t('expertsNote')} rules={[{ required: true, message: t('expertsPick') }]}>
          <Select mode="multiple" loading={experts.isPending} showSearch={{ optionFilterProp: 'label' }} options={options} />
        </Form.Item>
        {cmd.error ? <div style={{ marginBottom: 12 }}><ProblemAlert error={cmd.error} /></div> : null}
        <Button type="primary" htmlType="submit" loading={cmd.isPending}>{t('assign')}</Button>
      </Form>
    </Card>
  );
}

function Inspection({ app, siteId }: { app: Application; siteId: string }) {
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const clock = useClock();
  const site = app.sites.find((s) => s.id === siteId)!;
  const done = app.siteInspections.filter((i) => i.siteId === siteId);
  const photos = app.materials.filter((m) => m.kind === 'site_photo' && m.siteId === siteId);
  const cmd = useCommand(app, (v: { inspectedOn: dayjs.Dayjs; inspectors: string; findings: string; result: 'pass' | 'fail' }) =>
    recordInspection(app.id, { siteId, inspectedOn: v.inspectedOn.format('YYYY-MM-DD'), inspectors: v.inspectors.split(/[、,，;；\s]+/).filter(Boolean), findings: v.findings, result: v.result }),
  form);
  const today = shanghaiDate(new Date(Date.now() + (clock.data?.offsetMs ?? 0)));
  return (
    <Card size="small" title={<h3 style={{ fontSize: 14, margin: 0 }}>{`${site.name}（${districtName(site.district)}）`}</h3>} extra={done.length ? <Chip tone={done.at(-1)!.result === 'pass' ? 'good' : 'bad'}>{done.at(-1)!.result === 'pass' ? t('pass') : t('fail')}</Chip> : null}>
      <Form form={form} name={`inspection-${siteId}`} layout="vertical" onFinish={(v) => cmd.mutate(v)} initialValues={{ result: 'pass', inspectedOn: dayjs(today) }}>
        <Form.Item name="inspectedOn" label={t('inspectedOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="inspectors" label={t('inspectors')} rules={[{ required: true, whitespace: true, message: t('inspectors') }]}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="findings" label={t('findings')} rules={[{ required: true, whitespace: true, message: t('findings') }]}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        <Form.Item name="result" label={t('result')}>
          <Radio.Group options={[{ value: 'pass', label: t('pass') }, { value: 'fail', label: t('fail') }]} />
        </Form.Item>
        {cmd.error ? <div style={{ marginBottom: 12 }}><ProblemAlert error={cmd.error} /></div> : null}
        <Button type="primary" htmlType="submit" loading={cmd.isPending}>{t('record')}</Button>
      </Form>
      <div style={{ marginTop: 12 }}>
        <div>{t('photos')}</div>
        {photos.length ? (
          <ul>
            {photos.map((p) => (
              <li key={p.id}><a href={downloadHref(`/applications/${app.id}/materials/${p.id}`)}>{p.fileName}</a></li>
            ))}
          </ul>
        ) : null}
        <FileDrop
          label={t('photosOf', { site: site.name })}
          image
          accept="image/jpeg,image/png,.jpg,.jpeg,.png"
          start={(file, onProgress) => uploadSitePhoto(app.id, siteId, file, onProgress)}
          onUploaded={() => void qc.invalidateQueries({ queryKey: keys.application(app.id) })}
        />
      </div>
    </Card>
  );
}

function Institution({ app, min }: { app: Application; min: number }) {
  const [form] = Form.useForm();
  const cmd = useCommand(app, (v: { result: 'pass' | 'fail'; summary: string }) => institutionEvaluation(app.id, { result: v.result, summary: v.summary ?? '' }), form);
  const counted = app.expertReviews.filter((r) => !r.conflictOfInterest).length;
  const passedSites = app.sites.filter((s) => app.siteInspections.filter((i) => i.siteId === s.id).at(-1)?.result === 'pass').length;
  return (
    <Card title={h2(t('institutionTitle'))}>
      <p className="muted" style={{ marginTop: 0 }}>{t('institutionIntro', { n: min })}</p>
      <div className="row" style={{ marginBottom: 12 }}>
        <Chip tone={counted >= min ? 'good' : 'warn'}>{t('reviewsCounted', { n: counted, min })}</Chip>
        <Chip tone={passedSites === app.sites.length ? 'good' : 'warn'}>{t('sitesInspected', { n: passedSites, total: app.sites.length })}</Chip>
      </div>
      <Form form={form} name="institution" layout="vertical" onFinish={(v) => cmd.mutate(v)} initialValues={{ result: 'pass' }}>
        <Form.Item name="result" label={t('result')}>
          <Radio.Group options={[{ value: 'pass', label: t('pass') }, { value: 'fail', label: t('fail') }]} />
        </Form.Item>
        <Form.Item name="summary" label={t('summary')}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        {cmd.error ? <div style={{ marginBottom: 12 }}><ProblemAlert error={cmd.error} /></div> : null}
        <Button type="primary" htmlType="submit" loading={cmd.isPending}>{t('conclude')}</Button>
      </Form>
    </Card>
  );
}

function ProjectItem({ app, itemId }: { app: Application; itemId: string }) {
  const [form] = Form.useForm();
  const clock = useClock();
  const item = app.items.find((i) => i.id === itemId)!;
  const today = shanghaiDate(new Date(Date.now() + (clock.data?.offsetMs ?? 0)));
  const cal = useCalendarYears([Number(today.slice(0, 4)), Number(today.slice(0, 4)) + 1]);
  const cmd = useCommand(app, (v: { result: 'pass' | 'fail'; summary: string }) => projectEvaluation(itemId, { result: v.result, summary: v.summary ?? '' }), form);
  return (
    <Card size="small" title={<h3 style={{ fontSize: 14, margin: 0 }}>{item.name}</h3>} extra={<ItemStatusTag status={item.status} />}>
      {item.status === 'project_submitted' ? <p style={{ marginTop: 0 }}>{t('projectSubmittedReady')}</p> : null}
      {item.status === 'project_evaluation' && item.projectEvaluationDueOn ? <p style={{ marginTop: 0 }}>{t('projectDue', { date: formatDate(item.projectEvaluationDueOn), n: workingDaysUntil(today, item.projectEvaluationDueOn, cal.overrides) })}</p> : null}
      {item.status === 'project_evaluation' || item.status === 'project_submitted' ? (
        <Form form={form} name={`project-${itemId}`} layout="vertical" onFinish={(v) => cmd.mutate(v)} initialValues={{ result: 'pass' }}>
          <Form.Item name="result" label={t('result')}>
            <Radio.Group options={[{ value: 'pass', label: t('pass') }, { value: 'fail', label: t('fail') }]} />
          </Form.Item>
          <Form.Item name="summary" label={t('summary')}>
            <Input.TextArea rows={2} maxLength={5000} />
          </Form.Item>
          {cmd.error ? <div style={{ marginBottom: 12 }}><ProblemAlert error={cmd.error} /></div> : null}
          <Button type="primary" htmlType="submit" loading={cmd.isPending} aria-label={`${t('conclude')}：${item.name}`}>{t('conclude')}</Button>
        </Form>
      ) : null}
    </Card>
  );
}

/** Every action the centre can take: the organisation's eligibility review while it is pending, then the state's own. */
export function CaseActions({ app }: { app: Application }) {
  if (app.organization.eligibility !== 'needs_review') return <StateActions app={app} />;
  return (
    <div className="stack">
      <EligibilityReview app={app} />
      <StateActions app={app} />
    </div>
  );
}

function StateActions({ app }: { app: Application }) {
  const campaigns = useCampaigns();
  const min = campaigns.data?.find((c) => c.id === app.campaignId)?.rules.minExpertReviews ?? 3;
  switch (app.status) {
    case 'awaiting_recommendation':
      return <PaperRecommendation app={app} />;
    case 'submitted':
      return <Acceptance app={app} />;
    case 'accepted':
      return (
        <div className="stack">
          <Experts app={app} min={min} />
          <Card title={h2(t('inspectionsTitle'))}>
            <div className="stack">
              {app.sites.map((s) => (
                <Inspection key={s.id} app={app} siteId={s.id} />
              ))}
            </div>
          </Card>
          <Institution app={app} min={min} />
        </div>
      );
    case 'institution_passed':
      return (
        <Card title={h2(t('projectTitle'))}>
          <p className="muted" style={{ marginTop: 0 }}>{t('projectIntro')}</p>
          <div className="stack">
            {app.items.map((i) => (
              <ProjectItem key={i.id} app={app} itemId={i.id} />
            ))}
          </div>
        </Card>
      );
    default:
      return <Alert type="info" showIcon title={t('noActions')} />;
  }
}
