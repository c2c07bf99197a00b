import { CaseLayout } from '../../components/CaseLayout';
import { Alert, Button, Card, Form, Input, Radio } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { CLAUSE, useConfirm } from '../../components/ConfirmAction';
import { FileDrop } from '../../components/FileDrop';
import { ProblemAlert } from '../../components/ProblemAlert';
import { post, upload } from '../../lib/api';
import { zh } from '../../lib/i18n';
import { formatDateTime } from '../../lib/format';
import { applyProblemToForm } from '../../lib/problem';
import { keys } from '../../lib/queries';
import { useSession } from '../../lib/session';
import type { Application, Material, RecommendationBody, User } from '../../lib/types';
import { applicationStatusLabel, districtName } from '../../lib/vocab';
import { recommenderMessages } from './messages';

const t = zh(recommenderMessages);

/** This recommender's line among the required recommendations (its district, or its authority). */
function mine(app: Application, user: User) {
  return app.requiredRecommendations.find(
    (r) => r.role === user.role && (r.role === 'district_hr' ? r.district === user.district : r.authority === user.authority),
  );
}

function DecisionForm({ app, who }: { app: Application; who: string }) {
  const qc = useQueryClient();
  const confirm = useConfirm();
  const [form] = Form.useForm<RecommendationBody>();
  const [letter, setLetter] = useState<Material | null>(null);
  const decision = Form.useWatch('decision', form);
  const send = useMutation({
    mutationFn: (v: RecommendationBody) =>
      post<Application>(`/applications/${app.id}/recommendations`, { ...v, ...(letter ? { letterMaterialId: letter.id } : {}) }),
    onSuccess: (a) => {
      qc.setQueryData(keys.application(app.id), a);
      void qc.invalidateQueries({ queryKey: ['applications'] });
    },
    onError: (err) => applyProblemToForm(form, err),
  });
  const ask = (v: RecommendationBody) => {
    const org = app.organization.name;
    const comment = v.comment?.trim() ?? '';
    const withLetter = letter ? t('letterAttached', { name: letter.fileName }) : '';
    confirm({
      title: v.decision === 'recommend' ? t('recommendConfirm', { org }) : t('declineConfirm', { org }),
      what: v.decision === 'recommend' ? `${t('recommendWhat', { who, comment })}${withLetter}` : `${t('declineWhat', { who, comment })}${withLetter}`,
      consequence: v.decision === 'recommend' ? t('recommendConsequence') : t('declineConsequence'),
      clause: CLAUSE.recommendation,
      okText: v.decision === 'recommend' ? t('recommend') : t('decline'),
      danger: v.decision === 'decline',
      run: () => send.mutateAsync(v),
    });
  };
  return (
    <Form form={form} layout="vertical" onFinish={ask} initialValues={{ comment: '' }}>
      <Form.Item name="decision" label={t('decision')} rules={[{ required: true, message: t('decisionRequired') }]}>
        <Radio.Group
          options={[
            { value: 'recommend', label: t('recommend') },
            { value: 'decline', label: t('decline') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="comment"
        label={t('comment')}
        extra={t('commentHint')}
        rules={[{ required: decision === 'decline', whitespace: true, message: t('commentRequired') }]}
      >
        <Input.TextArea rows={3} maxLength={2000} showCount />
      </Form.Item>
      <div className="mb-16">
        <div className="mb-4">{t('letter')}</div>
        {letter ? <Alert type="success" showIcon title={t('letterUploaded', { name: letter.fileName })} className="mb-8" /> : null}
        <FileDrop
          label={t('letter')}
          multiple={false}
          start={(file, onProgress) => {
            const h = upload<Material>(`/applications/${app.id}/materials`, { kind: 'recommendation_letter' }, file, onProgress);
            void h.promise.then(
              (m) => setLetter(m),
              () => {},
            );
            return h;
          }}
        />
      </div>
      {send.error ? (
        <div className="mb-12">
          <ProblemAlert error={send.error} />
        </div>
      ) : null}
      {send.isSuccess ? (
        <Alert
          type="success"
          showIcon
          role="status"
          title={t('done', { decision: decision === 'decline' ? t('decline') : t('recommend') })}
          className="mb-12"
        />
      ) : null}
      <Button type="primary" htmlType="submit" loading={send.isPending} danger={decision === 'decline'}>
        {decision === 'recommend' ? t('recommend') : decision === 'decline' ? t('decline') : t('submitNone')}
      </Button>
    </Form>
  );
}

export default function RecommendPage() {
  const user = useSession().data?.user;
  return (
    <CaseLayout
      title={(a) => t('pageTitle', { name: a.organization.name })}
      back={{ to: '/app/recommend', label: t('back') }}
      sections={['org', 'items', 'sites', 'recommendations', 'materials']}
      wide={15}
      actionsLabel={t('decisionTitle')}
    >
      {(a) => {
        const line = user ? mine(a, user) : undefined;
        const last = user
          ? [...a.recommendations].reverse().find((r) => r.role === user.role && (r.role !== 'district_hr' || r.district === user.district))
          : undefined;
        return (
          <Card title={<h2 className="card-title-sm">{t('decisionTitle')}</h2>}>
            {line && line.decision !== 'pending' && last ? (
              <Alert
                type="info"
                showIcon
                title={t(last.recordedBy ? 'alreadyRecordedOnPaper' : 'alreadyDecided', {
                  at: formatDateTime(last.at),
                  decision: last.decision === 'recommend' ? t('recommend') : t('decline'),
                  name: last.recordedBy?.displayName ?? '',
                })}
                description={last.comment}
              />
            ) : a.status !== 'awaiting_recommendation' ? (
              <Alert type="info" showIcon title={t('notAwaiting', { status: applicationStatusLabel(a.status) })} />
            ) : (
              <DecisionForm
                app={a}
                who={user?.role === 'industry_authority' ? (user.authority ?? '') : t('districtOf', { name: districtName(user?.district) })}
              />
            )}
          </Card>
        );
      }}
    </CaseLayout>
  );
}
