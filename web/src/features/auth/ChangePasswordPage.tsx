import { Alert, Button, Card, Form, Input } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { post } from '../../lib/api';
import { zh } from '../../lib/i18n';
import { applyProblemToForm } from '../../lib/problem';
import { homeOf, SESSION_KEY, useSession } from '../../lib/session';
import type { Session } from '../../lib/types';
import { authMessages } from './messages';
import { NewPasswordFields } from './NewPasswordFields';

const t = zh(authMessages);

export default function ChangePasswordPage() {
  const [form] = Form.useForm();
  const session = useSession();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const forced = session.data?.mustChangePassword;
  const [onField, setOnField] = useState(false);
  const change = useMutation({
    mutationFn: (v: { currentPassword: string; newPassword: string }) =>
      post('/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword }),
    onSuccess: () => {
      const s = qc.getQueryData<Session>(SESSION_KEY);
      if (s) {
        qc.setQueryData(SESSION_KEY, { ...s, mustChangePassword: false });
        if (forced) void navigate(homeOf(s.user), { replace: true });
      }
      form.resetFields();
    },
    // a refusal that names a field is shown at the field only, not a second time below
    onError: (err) => setOnField(applyProblemToForm(form, err, {}, (p) => (p === 'password' ? ['newPassword'] : null))),
  });
  return (
    <Page title={t('pwTitle')}>
      {forced ? <Alert type="warning" showIcon title={t('pwForced')} /> : null}
      <Card className="maxw-480">
        <Form form={form} layout="vertical" onFinish={(v) => change.mutate(v)}>
          <Form.Item name="currentPassword" label={t('current')} rules={[{ required: true, message: t('required', { field: t('current') }) }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <NewPasswordFields username={() => session.data?.user.username} />
          {change.error && !onField ? (
            <div className="mb-12">
              <ProblemAlert error={change.error} />
            </div>
          ) : null}
          {change.isSuccess ? <Alert type="success" showIcon role="status" title={t('pwDone')} className="mb-12" /> : null}
          <Button type="primary" htmlType="submit" loading={change.isPending}>
            {t('pwSave')}
          </Button>
        </Form>
      </Card>
    </Page>
  );
}
