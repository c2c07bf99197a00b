import { Alert, Button, Card, Form } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { post } from '../../lib/api';
import { useT } from '../../lib/i18n';
import { applyProblemToForm } from '../../lib/problem';
import { authMessages } from './messages';
import { NewPasswordFields } from './NewPasswordFields';

/**
 * The link from the reset e-mail: `/reset-password#token=…`. The token rides in the fragment, which the
 * browser never sends to a server (nor to a Referer), and is posted once with the new password.
 */
export default function ResetPasswordPage() {
  const t = useT(authMessages);
  const [form] = Form.useForm<{ newPassword: string; confirm: string }>();
  const token = new URLSearchParams(useLocation().hash.replace(/^#/, '')).get('token') ?? '';
  // a refusal that names a field is shown at the field only, not a second time below
  const [onField, setOnField] = useState(false);
  const reset = useMutation({
    mutationFn: (v: { newPassword: string }) => post('/auth/password-reset/confirm', { token, newPassword: v.newPassword }),
    onError: (err) => setOnField(applyProblemToForm(form, err, {}, (p) => (p === 'newPassword' ? ['newPassword'] : null))),
  });
  return (
    <Page title={t('resetTitle')} subtitle={t('resetIntro')}>
      <Card className="maxw-480">
        {!token ? (
          <Alert type="error" showIcon role="alert" title={t('resetNoToken')} />
        ) : reset.isSuccess ? (
          <Alert type="success" showIcon role="status" title={t('resetDone')} />
        ) : (
          <Form form={form} layout="vertical" onFinish={(v) => reset.mutate(v)}>
            <NewPasswordFields username={() => undefined} autoFocus />
            {reset.error && !onField ? (
              <div className="mb-12">
                <ProblemAlert error={reset.error} />
              </div>
            ) : null}
            <Button type="primary" htmlType="submit" block loading={reset.isPending}>
              {t('resetSave')}
            </Button>
          </Form>
        )}
        <p className="mt-16 mb-0">
          <Link to="/login">{t('backToLogin')}</Link>
        </p>
      </Card>
    </Page>
  );
}
