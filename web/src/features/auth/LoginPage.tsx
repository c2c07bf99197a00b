import { Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../lib/i18n';
import { homeOf, useLogin, useLoginTotp } from '../../lib/session';
import type { Session } from '../../lib/types';
import { authMessages } from './messages';

export default function LoginPage() {
  const t = useT(authMessages);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const login = useLogin();
  const totp = useLoginTotp();
  const [challenge, setChallenge] = useState<string | null>(null);

  const proceed = (s: Session) => {
    const next = params.get('next');
    if (s.mustChangePassword) void navigate('/app/account/password', { replace: true });
    else void navigate(next && next.startsWith('/app') ? next : homeOf(s.user), { replace: true });
  };

  return (
    <Page title={t('loginTitle')} subtitle={t('loginIntro')}>
      <Card className="maxw-420">
        {!challenge ? (
          <Form
            layout="vertical"
            onFinish={async (v: { username: string; password: string }) => {
              const r = await login.mutateAsync(v).catch(() => null);
              if (!r) return;
              if ('mfaRequired' in r) setChallenge(r.challenge);
              else proceed(r);
            }}
          >
            <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('required', { field: t('username') }) }]}>
              <Input autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('required', { field: t('password') }) }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            {login.error ? (
              <div className="mb-12">
                <ProblemAlert error={login.error} context="login" />
              </div>
            ) : null}
            <Button type="primary" htmlType="submit" block loading={login.isPending}>
              {t('login')}
            </Button>
          </Form>
        ) : (
          <Form
            layout="vertical"
            onFinish={async (v: { code: string }) => {
              const s = await totp.mutateAsync({ challenge, code: v.code }).catch(() => null);
              if (s) proceed(s);
            }}
          >
            <h2 className="section-title">{t('totpTitle')}</h2>
            <Form.Item name="code" label={t('totpCode')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('totpCode') }]}>
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus />
            </Form.Item>
            {totp.error ? (
              <div className="mb-12">
                <ProblemAlert error={totp.error} context="login" />
              </div>
            ) : null}
            <Button type="primary" htmlType="submit" block loading={totp.isPending}>
              {t('totpSubmit')}
            </Button>
          </Form>
        )}
        <p className="mt-16 mb-0">
          <Link to="/forgot-password">{t('forgot')}</Link>
        </p>
        <p className="mt-8 mb-0">
          {t('noAccount')} <Link to="/register">{t('registerLink')}</Link>
        </p>
      </Card>
    </Page>
  );
}
