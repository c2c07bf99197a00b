import { Alert, Button, Card, Form, Input } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { post } from '../../lib/api';
import { zh } from '../../lib/i18n';
import { SESSION_KEY, useSession } from '../../lib/session';
import { authMessages } from './messages';

const t = zh(authMessages);

/** TOTP enrolment (RFC 6238): the secret is shown as text (and as an otpauth link for phone apps). */
export default function MfaPage() {
  const session = useSession();
  const qc = useQueryClient();
  const enroll = useMutation({ mutationFn: () => post<{ secret: string; otpauthUrl: string }>('/auth/totp/enroll') });
  const confirm = useMutation({
    mutationFn: (code: string) => post<{ mfaEnrolled: boolean }>('/auth/totp/confirm', { code }),
    onSuccess: () => qc.invalidateQueries({ queryKey: SESSION_KEY }),
  });
  const enrolled = session.data?.user.mfaEnrolled || confirm.isSuccess;
  return (
    <Page title={t('mfaTitle')} subtitle={t('mfaIntro')}>
      <Card className="maxw-560">
        {enrolled ? (
          <Alert type="success" showIcon title={confirm.isSuccess ? t('mfaDone') : t('mfaEnrolled')} />
        ) : !enroll.data ? (
          <>
            {enroll.error ? <ProblemAlert error={enroll.error} /> : null}
            <Button type="primary" onClick={() => enroll.mutate()} loading={enroll.isPending}>
              {t('mfaStart')}
            </Button>
          </>
        ) : (
          <Form layout="vertical" onFinish={(v: { code: string }) => confirm.mutate(v.code)}>
            <p>{t('mfaSecret')}</p>
            <p>
              <code className="fs-16 break-all">{enroll.data.secret}</code>
            </p>
            <p>
              <a href={enroll.data.otpauthUrl}>{enroll.data.otpauthUrl.split('?')[0]}</a>
            </p>
            <Form.Item name="code" label={t('totpCode')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('totpCode') }]}>
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} className="maxw-200" />
            </Form.Item>
            {confirm.error ? (
              <div className="mb-12">
                <ProblemAlert error={confirm.error} />
              </div>
            ) : null}
            <Button type="primary" htmlType="submit" loading={confirm.isPending}>
              {t('mfaConfirm')}
            </Button>
          </Form>
        )}
      </Card>
    </Page>
  );
}
