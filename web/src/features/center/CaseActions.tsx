import { Alert, Button, Card, Form, Input, Radio, type FormInstance } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { CLAUSE, useConfirm } from '../../components/ConfirmAction';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Chip, ItemStatusTag } from '../../components/StatusTag';
import { zh } from '../../lib/i18n';
import { formatDate } from '../../lib/format';
import { applyProblemToForm } from '../../lib/problem';
import { keys, useCampaigns } from '../../lib/queries';
import type { Application } from '../../lib/types';
import { levelsShort } from '../../lib/vocab';
import { acceptance, reviewEligibility, institutionEvaluation, projectEvaluation } from './api';
import { centerMessages } from './messages';
import { PaperRecommendation } from './PaperRecommendation';
import { h2, useCommand } from './case-command';
import { ProjectBatch } from './ProjectBatch';
import { Experts, Inspection } from './InstitutionSteps';

const t = zh(centerMessages);
/** 资格审核: an organisation whose USCC type needs the centre's review before acceptance (一). */
function EligibilityReview({ app }: { app: Application }) {
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const confirm = useConfirm();
  const cmd = useMutation({
    mutationFn: (v: { decision: 'eligible' | 'not_eligible'; reason: string }) => reviewEligibility(app.organization.id, v),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.application(app.id) });
      void qc.invalidateQueries({ queryKey: ['applications'] });
      form.resetFields();
    },
    onError: (err) => applyProblemToForm(form, err),
  });
  const ask = (v: { decision: 'eligible' | 'not_eligible'; reason: string }) => {
    const decision = v.decision === 'eligible' ? t('reviewEligible') : t('reviewNotEligible');
    confirm({
      title: t('reviewConfirm', { decision }),
      what: t('reviewWhat', { org: app.organization.name, decision, reason: v.reason.trim() }),
      consequence: t('reviewConfirmBody'),
      clause: CLAUSE.eligibility,
      okText: t('reviewSubmit'),
      danger: v.decision === 'not_eligible',
      run: () => cmd.mutateAsync(v),
    });
  };
  return (
    <Card title={h2(t('reviewTitle'))}>
      <p className="muted mt-0">{t('reviewIntro', { name: app.organization.name, uscc: app.organization.uscc })}</p>
      <Form form={form} name="eligibility-review" layout="vertical" onFinish={ask}>
        <Form.Item name="decision" label={t('reviewDecision')} rules={[{ required: true, message: t('reviewDecision') }]}>
          <Radio.Group
            options={[
              { value: 'eligible', label: t('reviewEligible') },
              { value: 'not_eligible', label: t('reviewNotEligible') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('reviewReason')}
          rules={[{ required: true, whitespace: true, min: 2, max: 2000, message: t('reviewReasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        {cmd.error ? (
          <div className="mb-12">
            <ProblemAlert error={cmd.error} />
          </div>
        ) : null}
        <Button type="primary" htmlType="submit" loading={cmd.isPending}>
          {t('reviewSubmit')}
        </Button>
      </Form>
    </Card>
  );
}

type Acceptance = { decision: 'accept' | 'return' | 'reject'; reason: string };

/** 受理 / 退回补正 / 不予受理 (三(二)): nothing chosen at first; the button says the decision; confirmed. */
function Acceptance({ app }: { app: Application }) {
  const [form] = Form.useForm();
  const confirm = useConfirm();
  const campaigns = useCampaigns();
  const rules = campaigns.data?.find((c) => c.id === app.campaignId)?.rules;
  const n = rules?.correctionWorkingDays ?? 5;
  const cmd = useCommand(app, (v: Acceptance) => acceptance(app.id, v), form);
  const decision = Form.useWatch('decision', form) as Acceptance['decision'] | undefined;
  const org = app.organization.name;
  const ask = (v: { decision: Acceptance['decision']; reason?: string }) => {
    const reason = v.reason?.trim() ?? '';
    const run = () => cmd.mutateAsync({ decision: v.decision, reason });
    if (v.decision === 'accept')
      confirm({
        title: t('acceptConfirm', { org }),
        what: t('acceptWhat'),
        consequence: t('acceptConsequence'),
        clause: CLAUSE.acceptance,
        okText: t('accept'),
        run,
      });
    else if (v.decision === 'return')
      confirm({
        title: t('returnConfirm', { org }),
        what: t('returnWhat', { reason }),
        consequence: t('returnConsequence', { n }),
        clause: CLAUSE.acceptance,
        okText: t('return'),
        run,
      });
    else
      confirm({
        title: t('rejectConfirm', { org }),
        what: t('rejectWhat', { reason }),
        consequence: t('rejectConsequence'),
        clause: CLAUSE.acceptance,
        okText: t('reject'),
        danger: true,
        run,
      });
  };
  const label = { accept: t('accept'), return: t('return'), reject: t('reject') };
  return (
    <Card title={h2(t('acceptanceTitle'))}>
      <p className="muted mt-0">{t('acceptanceIntro', { n })}</p>
      {app.organization.eligibility === 'needs_review' ? <Alert type="warning" showIcon title={t('needsReview')} className="mb-12" /> : null}
      <Form form={form} name="acceptance" layout="vertical" onFinish={ask}>
        <Form.Item name="decision" label={t('decision')} rules={[{ required: true, message: t('decisionRequired') }]}>
          <Radio.Group
            options={[
              { value: 'accept', label: t('accept') },
              { value: 'return', label: t('return') },
              { value: 'reject', label: t('reject') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('reason')}
          rules={[{ required: !!decision && decision !== 'accept', whitespace: true, message: t('reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        {cmd.error ? (
          <div className="mb-12">
            <ProblemAlert error={cmd.error} />
          </div>
        ) : null}
        <Button type="primary" htmlType="submit" loading={cmd.isPending} danger={decision === 'reject'}>
          {decision ? label[decision] : t('acceptanceSubmitNone')}
        </Button>
      </Form>
    </Card>
  );
}

type Conclusion = { result: 'pass' | 'fail'; summary?: string };
const resultLabel = (r: 'pass' | 'fail' | undefined) => (r === 'pass' ? t('concludePass') : r === 'fail' ? t('concludeFail') : t('concludeNone'));

/** 机构评估结论 (三(三)): no result chosen at first; confirmed with what follows. */
/** 作出结论: a result chosen (nothing preselected), a summary, the refusal if any, a button that names the act. */
function ConclusionForm(props: {
  form: FormInstance;
  name: string;
  rows: number;
  cmd: { error: unknown; isPending: boolean };
  result: Conclusion['result'] | undefined;
  onFinish: (v: Conclusion) => void;
  buttonName?: string;
}) {
  const { form, name, rows, cmd, result, onFinish, buttonName } = props;
  return (
    <Form form={form} name={name} layout="vertical" onFinish={onFinish}>
      <Form.Item name="result" label={t('result')} rules={[{ required: true, message: t('resultRequired') }]}>
        <Radio.Group
          options={[
            { value: 'pass', label: t('pass') },
            { value: 'fail', label: t('fail') },
          ]}
        />
      </Form.Item>
      <Form.Item name="summary" label={t('summary')}>
        <Input.TextArea rows={rows} maxLength={5000} />
      </Form.Item>
      {cmd.error ? (
        <div className="mb-12">
          <ProblemAlert error={cmd.error} />
        </div>
      ) : null}
      <Button type="primary" htmlType="submit" loading={cmd.isPending} danger={result === 'fail'} aria-label={buttonName}>
        {resultLabel(result)}
      </Button>
    </Form>
  );
}

function Institution({ app, min }: { app: Application; min: number }) {
  const [form] = Form.useForm();
  const confirm = useConfirm();
  const cmd = useCommand(app, (v: Conclusion) => institutionEvaluation(app.id, { result: v.result, summary: v.summary ?? '' }), form);
  const result = Form.useWatch('result', form) as Conclusion['result'] | undefined;
  const counted = app.expertReviews.filter((r) => !r.conflictOfInterest).length;
  const passedSites = app.sites.filter((s) => app.siteInspections.filter((i) => i.siteId === s.id).at(-1)?.result === 'pass').length;
  const ask = (v: Conclusion) => {
    const r = v.result === 'pass' ? t('pass') : t('fail');
    confirm({
      title: t('institutionConfirm', { result: r }),
      what: t('institutionWhat', { org: app.organization.name, result: r }),
      consequence: v.result === 'pass' ? t('institutionPassConsequence') : t('institutionFailConsequence'),
      clause: CLAUSE.institution,
      okText: resultLabel(v.result),
      danger: v.result === 'fail',
      run: () => cmd.mutateAsync(v),
    });
  };
  return (
    <Card title={h2(t('institutionTitle'))}>
      <p className="muted mt-0">{t('institutionIntro', { n: min })}</p>
      <div className="row mb-12">
        <Chip tone={counted >= min ? 'good' : 'warn'}>{t('reviewsCounted', { n: counted, min })}</Chip>
        <Chip tone={passedSites === app.sites.length ? 'good' : 'warn'}>{t('sitesInspected', { n: passedSites, total: app.sites.length })}</Chip>
      </div>
      <ConclusionForm form={form} name="institution" rows={3} cmd={cmd} result={result} onFinish={ask} />
    </Card>
  );
}

const awaitsConclusion = (status: string) => status === 'project_evaluation' || status === 'project_submitted';

function ProjectItem({ app, itemId }: { app: Application; itemId: string }) {
  const [form] = Form.useForm();
  const confirm = useConfirm();
  const item = app.items.find((i) => i.id === itemId)!;
  const cmd = useCommand(app, (v: Conclusion) => projectEvaluation(itemId, { result: v.result, summary: v.summary ?? '' }), form);
  const result = Form.useWatch('result', form) as Conclusion['result'] | undefined;
  const ask = (v: Conclusion) => {
    const r = v.result === 'pass' ? t('pass') : t('fail');
    confirm({
      title: t('projectConfirm', { item: item.name, result: r }),
      what: t('projectWhat', { org: app.organization.name, item: item.name, result: r }),
      consequence: v.result === 'pass' ? t('projectPassConsequence') : t('projectFailConsequence'),
      clause: CLAUSE.project,
      okText: resultLabel(v.result),
      danger: v.result === 'fail',
      run: () => cmd.mutateAsync(v),
    });
  };
  return (
    <Card size="small" title={<h3 className="item-title">{item.name}</h3>} extra={<ItemStatusTag status={item.status} />}>
      {item.status === 'project_submitted' ? <p className="mt-0">{t('projectSubmittedReady')}</p> : null}
      {item.status === 'project_evaluation' && item.projectEvaluationDueOn ? (
        <p className="mt-0">
          {item.projectEvaluationWorkingDaysLeft === undefined
            ? t('projectDueUncounted', { date: formatDate(item.projectEvaluationDueOn) })
            : t('projectDue', { date: formatDate(item.projectEvaluationDueOn), n: item.projectEvaluationWorkingDaysLeft })}
        </p>
      ) : null}
      {awaitsConclusion(item.status) ? (
        <ConclusionForm
          form={form}
          name={`project-${itemId}`}
          rows={2}
          cmd={cmd}
          result={result}
          onFinish={ask}
          buttonName={`${resultLabel(result)}：${item.name}`}
        />
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
          <p className="muted mt-0">{t('projectIntro')}</p>
          <div className="stack">
            <ProjectBatch
              candidates={app.items.filter((i) => awaitsConclusion(i.status)).map((i) => ({ key: i.id, label: `${i.name}（${levelsShort(i.levels)}）` }))}
            />
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
