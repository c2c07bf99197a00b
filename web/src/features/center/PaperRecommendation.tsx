import { Alert, Button, Card, Form, Input, Radio } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { CLAUSE, useConfirm } from '../../components/ConfirmAction';
import { FileDrop } from '../../components/FileDrop';
import { ProblemAlert } from '../../components/ProblemAlert';
import { zh } from '../../lib/i18n';
import { applyProblemToForm } from '../../lib/problem';
import { keys, useAuthorities } from '../../lib/queries';
import type { Application, Material } from '../../lib/types';
import { districtName } from '../../lib/vocab';
import { recordPaperRecommendation, uploadLetter } from './api';
import { centerMessages } from './messages';

const t = zh(centerMessages);

type Need = Application['requiredRecommendations'][number];
type Values = { who: string; decision: 'recommend' | 'decline'; comment?: string; letterMaterialId: string };

/** A recommender as a form value and back: "industry_authority|<name>" or "district_hr|<code>". */
const keyOf = (n: Need) => `${n.role}|${n.role === 'industry_authority' ? (n.authority ?? '') : (n.district ?? '')}`;
const onBehalfOf = (key: string) => {
  const [role, ...rest] = key.split('|');
  const value = rest.join('|');
  return role === 'industry_authority' ? { role: 'industry_authority' as const, authority: value } : { role: 'district_hr' as const, district: value };
};

/** The scanned letter: uploaded at once (kind recommendation_letter); its material id is the field's value. */
function LetterField({ app, value, onChange }: { app: Application; value?: string; onChange?: (id: string) => void }) {
  const [file, setFile] = useState<Material | null>(null);
  const qc = useQueryClient();
  const current = value ? (file ?? app.materials.find((m) => m.id === value)) : undefined;
  return (
    <div>
      {current ? <Alert type="success" showIcon role="status" title={t('paperLetterUploaded', { name: current.fileName })} className="mb-8" /> : null}
      <FileDrop
        label={t('paperLetterUpload')}
        multiple={false}
        start={(f, onProgress) => {
          const h = uploadLetter(app.id, f, onProgress);
          void h.promise.then(
            (m) => {
              setFile(m);
              onChange?.(m.id);
            },
            () => {},
          );
          return h;
        }}
        onUploaded={() => void qc.invalidateQueries({ queryKey: keys.application(app.id) })}
      />
    </div>
  );
}

/**
 * 代为录入纸质推荐 (api-v1 second reading; 通知 三(一), 四(一) item 2): a recommender that did not
 * recommend in the system (an industry authority without an account, say) sent a stamped letter; the
 * centre records its decision on its behalf, under the recommender's own rules, with the scanned
 * letter. Irreversible: confirmed first.
 */
export function PaperRecommendation({ app }: { app: Application }) {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const confirm = useConfirm();
  const authorities = useAuthorities();
  const decision = Form.useWatch('decision', form);
  const [done, setDone] = useState('');
  const pending = app.requiredRecommendations.filter((r) => r.decision === 'pending');
  const whoLabel = (n: Need) => {
    if (n.role === 'district_hr') return t('paperWhoDistrict', { district: districtName(n.district) });
    const listed = authorities.data?.find((a) => a.name === n.authority);
    return listed && !listed.hasAccount ? t('paperWhoAuthorityNoAccount', { name: n.authority ?? '' }) : t('paperWhoAuthority', { name: n.authority ?? '' });
  };
  const record = useMutation({
    mutationFn: (v: Values) =>
      recordPaperRecommendation(app.id, {
        onBehalfOf: onBehalfOf(v.who),
        decision: v.decision,
        comment: v.comment?.trim() ?? '',
        letterMaterialId: v.letterMaterialId,
      }),
    onSuccess: (a, v) => {
      const need = pending.find((n) => keyOf(n) === v.who);
      setDone(t('paperDone', { who: need ? whoLabel(need) : '', decision: v.decision === 'recommend' ? t('paperRecommend') : t('paperDecline') }));
      qc.setQueryData(keys.application(app.id), a);
      void qc.invalidateQueries({ queryKey: ['applications'] });
      form.resetFields();
    },
    onError: (err) => {
      applyProblemToForm(form, err);
      // the application may have moved meanwhile (the recommender decided online, say): show it as it is
      void qc.invalidateQueries({ queryKey: keys.application(app.id) });
    },
  });
  const ask = (v: Values) => {
    const need = pending.find((n) => keyOf(n) === v.who);
    setDone('');
    const decisionText = v.decision === 'recommend' ? t('paperRecommend') : t('paperDecline');
    confirm({
      title: t('paperConfirm', { who: need ? whoLabel(need) : '', decision: decisionText }),
      what: t('paperWhat', { who: need ? whoLabel(need) : '', decision: decisionText, comment: v.comment?.trim() || t('paperNoComment') }),
      consequence: t('paperConfirmBody'),
      clause: CLAUSE.recommendation,
      okText: t('paperSubmit'),
      danger: v.decision === 'decline',
      run: () => record.mutateAsync(v),
    });
  };
  return (
    <Card title={<h2 className="card-title-sm">{t('paperTitle')}</h2>}>
      <p className="muted mt-0">{t('paperIntro')}</p>
      {done ? <Alert type="success" showIcon role="status" title={done} className="mb-12" /> : null}
      {pending.length === 0 ? (
        <Alert type="info" showIcon title={t('paperNonePending')} />
      ) : (
        <Form
          form={form}
          name="paper-recommendation"
          layout="vertical"
          onFinish={ask}
          initialValues={{ who: pending.length === 1 ? keyOf(pending[0]!) : undefined }}
        >
          <Form.Item name="who" label={t('paperWho')} rules={[{ required: true, message: t('paperWhoRequired') }]}>
            <Radio.Group>
              <div className="stack stack-tight">
                {pending.map((n) => (
                  <Radio key={keyOf(n)} value={keyOf(n)}>
                    {whoLabel(n)}
                  </Radio>
                ))}
              </div>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="decision" label={t('paperDecision')} rules={[{ required: true, message: t('paperDecisionRequired') }]}>
            <Radio.Group
              options={[
                { value: 'recommend', label: t('paperRecommend') },
                { value: 'decline', label: t('paperDecline') },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="comment"
            label={t('paperComment')}
            extra={t('paperCommentHint')}
            rules={[{ required: decision === 'decline', whitespace: true, message: t('paperCommentRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
          <div className="mb-4">{t('paperLetter')}</div>
          <Form.Item name="letterMaterialId" rules={[{ required: true, message: t('paperLetterRequired') }]}>
            <LetterField app={app} />
          </Form.Item>
          {record.error ? (
            <div className="mb-12">
              <ProblemAlert error={record.error} />
            </div>
          ) : null}
          <Button type="primary" htmlType="submit" loading={record.isPending}>
            {t('paperSubmit')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
