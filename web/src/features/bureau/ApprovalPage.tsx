import { CaseLayout } from '../../components/CaseLayout';
import { Button, Card, Form, Input, Radio } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { CLAUSE, useConfirm } from '../../components/ConfirmAction';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ItemStatusTag } from '../../components/StatusTag';
import { zh } from '../../lib/i18n';
import { applyProblemToForm } from '../../lib/problem';
import { keys } from '../../lib/queries';
import type { Application, ApplicationItem } from '../../lib/types';
import { levelsShort } from '../../lib/vocab';
import { approve, type ApprovalDecision } from './api';
import { bureauMessages } from './messages';

const t = zh(bureauMessages);

/** One item's consent (三(五)): nothing chosen at first; the button says the decision; confirmed. */
function Decide({ app, item }: { app: Application; item: ApplicationItem }) {
  const qc = useQueryClient();
  const confirm = useConfirm();
  const [form] = Form.useForm<{ decision: ApprovalDecision; comment?: string }>();
  const decision = Form.useWatch('decision', form);
  const send = useMutation({
    mutationFn: (v: { decision: ApprovalDecision; comment?: string }) => approve(item.id, { decision: v.decision, comment: v.comment?.trim() ?? '' }),
    onSuccess: (a) => {
      qc.setQueryData(keys.application(app.id), a);
      void qc.invalidateQueries({ queryKey: ['applications'] });
    },
    onError: (err) => applyProblemToForm(form, err),
  });
  const label = (d: ApprovalDecision | undefined) => (d === 'approve' ? t('submitApprove') : d === 'reject' ? t('submitReject') : t('submitNone'));
  const ask = (v: { decision: ApprovalDecision; comment?: string }) => {
    const names = { org: app.organization.name, item: `${item.name}（${levelsShort(item.levels)}）` };
    confirm({
      title: v.decision === 'approve' ? t('approveConfirm', names) : t('rejectConfirm', names),
      what: v.decision === 'approve' ? t('approveWhat') : t('rejectWhat', { comment: v.comment?.trim() ?? '' }),
      consequence: v.decision === 'approve' ? t('approveConsequence') : t('rejectConsequence'),
      clause: CLAUSE.approval,
      okText: label(v.decision),
      danger: v.decision === 'reject',
      run: () => send.mutateAsync(v),
    });
  };
  return (
    <Card size="small" title={<h3 className="item-title">{`${item.name}（${levelsShort(item.levels)}）`}</h3>} extra={<ItemStatusTag status={item.status} />}>
      <Form form={form} name={`approval-${item.id}`} layout="vertical" onFinish={ask}>
        <Form.Item name="decision" label={t('decision')} rules={[{ required: true, message: t('decisionRequired') }]}>
          <Radio.Group
            options={[
              { value: 'approve', label: t('approve') },
              { value: 'reject', label: t('reject') },
            ]}
          />
        </Form.Item>
        <Form.Item name="comment" label={t('comment')} rules={[{ required: decision === 'reject', whitespace: true, message: t('commentRequired') }]}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        {send.error ? (
          <div className="mb-12">
            <ProblemAlert error={send.error} />
          </div>
        ) : null}
        <Button type="primary" htmlType="submit" loading={send.isPending} danger={decision === 'reject'} aria-label={`${label(decision)}：${item.name}`}>
          {label(decision)}
        </Button>
      </Form>
    </Card>
  );
}

export default function ApprovalPage() {
  return (
    <CaseLayout title={(a) => t('pageTitle', { name: a.organization.name })} back={{ to: '/app/bureau', label: t('back') }} actionsLabel={t('itemsTitle')}>
      {(a) => {
        const waiting = a.items.filter((i) => i.status === 'project_passed');
        return (
          <Card title={<h2 className="card-title-sm">{t('itemsTitle')}</h2>}>
            {waiting.length === 0 ? (
              <p className="muted">{t('noItems')}</p>
            ) : (
              <div className="stack">
                {waiting.map((i) => (
                  <Decide key={i.id} app={a} item={i} />
                ))}
              </div>
            )}
          </Card>
        );
      }}
    </CaseLayout>
  );
}
