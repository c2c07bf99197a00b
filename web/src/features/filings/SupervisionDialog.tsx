import { Alert, Button, Form, Input, Modal } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ProblemAlert } from '../../components/ProblemAlert';
import { post } from '../../lib/api';
import { zh } from '../../lib/i18n';
import { applyProblemToForm } from '../../lib/problem';
import type { Filing } from '../../lib/types';
import { filingsMessages } from './messages';
import './filings.css';

const t = zh(filingsMessages);

/** 暂停 (active → suspended), 恢复 (suspended → active) — bureau and centre; 撤销 (final) — bureau. */
export type SupervisionAction = 'suspend' | 'resume' | 'revoke';

/**
 * The confirmation of one supervision step: it names the filing, states the consequence and asks for
 * the reason (2–2000 characters, the server's rule) before POST /filings/:receiptNo/{action}. A refusal
 * (409 when the filing's status no longer allows it) is shown in the dialog.
 */
export function SupervisionDialog({
  filing,
  action,
  onClose,
  onDone,
}: {
  filing: Filing;
  action: SupervisionAction;
  onClose: () => void;
  onDone: (f: Filing) => void;
}) {
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const run = useMutation({
    mutationFn: (v: { reason: string }) => post<Filing>(`/filings/${encodeURIComponent(filing.receiptNo)}/${action}`, { reason: v.reason.trim() }),
    onSuccess: (f) => {
      void qc.invalidateQueries({ queryKey: ['filings'] });
      onDone(f);
    },
    onError: (err) => applyProblemToForm(form, err),
  });
  const destructive = action !== 'resume';
  return (
    <Modal open title={t(`${action}Title`, { no: filing.receiptNo })} onCancel={onClose} footer={null} destroyOnHidden>
      <dl className="filing-named">
        <dt>{t('receiptNo')}</dt>
        <dd>{filing.receiptNo}</dd>
        <dt>{t('org')}</dt>
        <dd>{filing.organizationName}</dd>
        <dt>{t('item')}</dt>
        <dd>{filing.itemName}</dd>
      </dl>
      <Alert className="filing-consequence" type={destructive ? 'warning' : 'info'} showIcon title={t(`${action}Consequence`)} />
      <Form form={form} layout="vertical" onFinish={(v) => run.mutate(v)}>
        <Form.Item
          name="reason"
          label={t(`${action}Reason`)}
          validateFirst
          rules={[
            { required: true, whitespace: true, message: t('reasonRequired') },
            {
              validator: async (_, v: string | undefined) => {
                if ((v ?? '').trim().length < 2) throw new Error(t('reasonRequired'));
              },
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
        {run.error ? (
          <div className="filing-error">
            <ProblemAlert error={run.error} />
          </div>
        ) : null}
        <div className="row filing-buttons">
          <Button onClick={onClose}>{t('cancel')}</Button>
          <Button type="primary" danger={destructive} htmlType="submit" loading={run.isPending}>
            {t(`${action}Confirm`)}
          </Button>
        </div>
      </Form>
    </Modal>
  );
}
