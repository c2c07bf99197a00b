import { CaseLayout } from '../../components/CaseLayout';
import { Alert, Button, Card, Form, Input, InputNumber, Radio } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { CLAUSE, useConfirm } from '../../components/ConfirmAction';
import { ProblemAlert } from '../../components/ProblemAlert';
import { post } from '../../lib/api';
import { zh } from '../../lib/i18n';
import { applyProblemToForm } from '../../lib/problem';
import { keys } from '../../lib/queries';
import { useSession } from '../../lib/session';
import type { Application, ExpertReviewBody } from '../../lib/types';
import { applicationStatusLabel } from '../../lib/vocab';
import { expertMessages } from './messages';

const t = zh(expertMessages);

function ReviewForm({ app }: { app: Application }) {
  const qc = useQueryClient();
  const [form] = Form.useForm<{ conflict: 'no' | 'yes'; note?: string; score?: number; opinion?: string; recommendation?: 'pass' | 'fail' }>();
  const conflict = Form.useWatch('conflict', form);
  const confirm = useConfirm();
  const send = useMutation({
    mutationFn: (body: ExpertReviewBody) => post<Application>(`/applications/${app.id}/expert-reviews`, body),
    onSuccess: (a) => {
      qc.setQueryData(keys.application(app.id), a);
      void qc.invalidateQueries({ queryKey: ['applications'] });
    },
    onError: (err) => applyProblemToForm(form, err),
  });
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v) => {
        const org = app.organization.name;
        if (v.conflict === 'yes')
          confirm({
            title: t('recuseConfirm', { org }),
            what: t('recuseWhat', { note: v.note?.trim() ?? '' }),
            consequence: t('recuseConsequence'),
            clause: CLAUSE.institution,
            okText: t('recuse'),
            run: () => send.mutateAsync({ conflictOfInterest: true, opinion: v.note ?? '' }),
          });
        else
          confirm({
            title: t('submitConfirm', { org }),
            what: t('submitWhat', { score: v.score ?? '', rec: v.recommendation === 'pass' ? t('pass') : t('fail'), opinion: v.opinion?.trim() ?? '' }),
            consequence: t('submitConsequence'),
            clause: CLAUSE.institution,
            okText: t('submit'),
            run: () => send.mutateAsync({ conflictOfInterest: false, score: v.score, opinion: v.opinion ?? '', recommendation: v.recommendation }),
          });
      }}
    >
      <Card size="small" title={<h2 className="card-title-sm">{t('conflictTitle')}</h2>} className="mb-16">
        <p className="muted mt-0">{t('conflictIntro')}</p>
        <Form.Item name="conflict" label={t('conflictQ')} rules={[{ required: true, message: t('conflictRequired') }]}>
          <Radio.Group
            options={[
              { value: 'no', label: t('conflictNo') },
              { value: 'yes', label: t('conflictYes') },
            ]}
          />
        </Form.Item>
        {conflict === 'yes' ? (
          <Form.Item name="note" label={t('conflictNote')}>
            <Input.TextArea rows={2} maxLength={5000} />
          </Form.Item>
        ) : null}
      </Card>
      {conflict === 'no' ? (
        <Card size="small" title={<h2 className="card-title-sm">{t('scoreTitle')}</h2>} className="mb-16">
          <Form.Item name="score" label={t('score')} rules={[{ required: true, type: 'number', min: 0, max: 100, message: t('score') }]}>
            <InputNumber min={0} max={100} step={1} className="w-160" />
          </Form.Item>
          <Form.Item name="opinion" label={t('opinion')} rules={[{ required: true, whitespace: true, message: t('opinionRequired') }]}>
            <Input.TextArea rows={4} maxLength={5000} showCount />
          </Form.Item>
          <Form.Item name="recommendation" label={t('recommendation')} rules={[{ required: true, message: t('recommendationRequired') }]}>
            <Radio.Group
              options={[
                { value: 'pass', label: t('pass') },
                { value: 'fail', label: t('fail') },
              ]}
            />
          </Form.Item>
        </Card>
      ) : null}
      {send.error ? (
        <div className="mb-12">
          <ProblemAlert error={send.error} />
        </div>
      ) : null}
      {conflict ? (
        <Button type="primary" htmlType="submit" loading={send.isPending}>
          {conflict === 'yes' ? t('recuse') : t('submit')}
        </Button>
      ) : null}
    </Form>
  );
}

export default function ReviewPage() {
  const me = useSession().data?.user;
  return (
    <CaseLayout
      title={(a) => t('pageTitle', { name: a.organization.name })}
      back={{ to: '/app/expert', label: t('back') }}
      sections={['org', 'items', 'sites', 'materials']}
      history={false}
    >
      {(a) => {
        const mine = a.expertReviews.find((r) => r.expertId === me?.id);
        return mine ? (
          mine.conflictOfInterest ? (
            <Alert type="info" showIcon title={t('doneRecused')} />
          ) : (
            <Alert
              type="success"
              showIcon
              title={t('done')}
              description={t('yourReview', {
                score: mine.score ?? '',
                rec: mine.recommendation === 'pass' ? t('pass') : t('fail'),
                opinion: mine.opinion,
              })}
            />
          )
        ) : a.status !== 'accepted' ? (
          <Alert type="info" showIcon title={t('notAccepted', { status: applicationStatusLabel(a.status) })} />
        ) : (
          <ReviewForm app={a} />
        );
      }}
    </CaseLayout>
  );
}
