import { Form, Input } from 'antd';
import { zh } from '../../lib/i18n';
import { passwordRule } from '../../lib/validation';
import { authMessages } from './messages';

const t = zh(authMessages);

/**
 * A new password and its confirmation (`newPassword`, `confirm`): the policy checked as one types, in
 * the server's words (contract/password-policy.ts), and the two compared. Used by the change and the
 * reset of a password.
 */
export function NewPasswordFields({ username, autoFocus = false }: { username: () => string | undefined; autoFocus?: boolean }) {
  return (
    <>
      <Form.Item
        name="newPassword"
        label={t('newPassword')}
        extra={t('passwordHint')}
        rules={[{ required: true, message: t('required', { field: t('newPassword') }) }, passwordRule(username)]}
      >
        <Input.Password autoComplete="new-password" autoFocus={autoFocus} />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('required', { field: t('confirm') }) },
          ({ getFieldValue }) => ({
            validator: async (_, v) => {
              if (v && v !== getFieldValue('newPassword')) throw new Error(t('mismatch'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
