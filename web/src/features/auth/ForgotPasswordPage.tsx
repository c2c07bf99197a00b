import { Alert, Button, Card, Form, Input } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { post } from '../../lib/api';
import { useT } from '../../lib/i18n';
import { authMessages } from './messages';

/**
 * 忘记密码: the username and the registered contact e-mail. The answer is the same whether or not they
 * matched (nobody learns which accounts exist); it is shown as the server words it.
 */
export default function ForgotPasswordPage() {
  const t = useT(authMessages);
  const request = useMutation({ mutationFn: (v: { username: string; email: string }) => post<{ detail: string }>('/auth/password-reset', v) });
  return (
    <Page title={t('forgotTitle')} subtitle={t('forgotIntro')}>
      <Card className="maxw-480">
        {request.isSuccess ? (
          <>
            <Alert type="success" showIcon role="status" title={t('forgotSent')} description={request.data.detail} className="mb-12" />
            <p>{t('haveCode')}</p>
          </>
        ) : (
          <Form layout="vertical" onFinish={(v: { username: string; email: string }) => request.mutate(v)}>
            <Form.Item name="username" label={t('username')} rules={[{ required: true, whitespace: true, message: t('required', { field: t('username') }) }]}>
              <Input autoComplete="username" maxLength={64} autoFocus />
            </Form.Item>
            <Form.Item
              name="email"
              label={t('forgotEmail')}
              rules={[{ required: true, whitespace: true, message: t('required', { field: t('forgotEmail') }) }]}
            >
              <Input inputMode="email" autoComplete="email" maxLength={200} />
            </Form.Item>
            {request.error ? (
              <div className="mb-12">
                <ProblemAlert error={request.error} />
              </div>
            ) : null}
            <Button type="primary" htmlType="submit" block loading={request.isPending}>
              {t('forgotSend')}
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
