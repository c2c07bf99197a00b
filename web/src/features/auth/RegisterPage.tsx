import { Alert, Button, Card, Col, Form, Input, Row, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { organizationInput, username as usernameSchema } from '../../../../contract/accounts';
import { LEGAL_FORMS } from '../../../../contract/enums';
// the same check-character rule and eligibility classification the server applies (GB 32100-2015; 通知 一)
import { checkUscc, classifyEligibility, normalizeUscc, type UsccIssue } from '../../../../contract/uscc';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { post } from '../../lib/api';
import { useLang, useT, type Lang, type TFunction } from '../../lib/i18n';
import { applyProblemToForm, clauseText, type ProblemContext } from '../../lib/problem';
import { fetchSession, homeOf, SESSION_KEY } from '../../lib/session';
import type { RegisterBody } from '../../lib/types';
import { passwordRule, zodRule } from '../../lib/validation';
import { DISTRICTS, legalFormLabel } from '../../lib/vocab';
import { authMessages } from './messages';
import { CONDITION_KEYS, conditionMessages } from '../../lib/notice-messages';

type Values = RegisterBody & { confirm: string };

type AuthKey = Parameters<TFunction<keyof typeof authMessages.zh>>[0];

/** What is wrong with a code, in the page's language: the server's own sentence in Chinese, its facts in English. */
function usccIssueText(issue: UsccIssue, reason: string, lang: Lang, t: TFunction<AuthKey>): string {
  if (lang === 'zh') return reason;
  switch (issue.kind) {
    case 'length':
      return t(issue.extra ? 'usccLengthExtra' : 'usccLength', { n: issue.length, extra: issue.extra });
    case 'character':
      return t('usccChar', { pos: issue.position, ch: issue.char });
    case 'authority':
      return t('usccAuthority', { ch: issue.char, allowed: issue.allowed.join(', ') });
    case 'type':
      return t('usccType', { ch: issue.char, first: issue.first, allowed: issue.allowed.join(', ') });
    case 'division':
      return t('usccDivision', { pos: issue.position, ch: issue.char });
    case 'check':
      return t('usccCheck');
  }
}

/**
 * A code's whole verdict in the page's language: null while it is fine (or not yet complete), else the
 * sentence to show at the field — the check of GB 32100-2015, then who may apply (通知 一).
 */
function usccProblem(value: string, lang: Lang, t: TFunction<AuthKey>): string | null {
  const r = checkUscc(value);
  if (!r.ok) return usccIssueText(r.issue, r.reason, lang, t);
  const e = classifyEligibility(r);
  if (e.eligible) return null;
  if (lang === 'zh') return `${e.detail}（${clauseText(e.clause)}）`;
  return e.why === 'outside' ? t('usccOutside', { division: r.divisionCode }) : t('usccBarred', { code: r.type.code, kind: t(`kind_${r.kind}` as AuthKey) });
}

/** Under the field, once the code is complete and valid: its type, and whether the centre must review it. Errors are the field's own. */
function UsccStatus({ value }: { value: string }) {
  const t = useT(authMessages);
  const { lang } = useLang();
  if (!value || normalizeUscc(value).length !== 18) return null;
  const r = checkUscc(value);
  if (!r.ok) return null;
  const e = classifyEligibility(r);
  if (!e.eligible) return null;
  // the standard's own name of the type (GB 32100-2015, characters 1–2) in Chinese
  const kind = lang === 'zh' ? r.type.type : t(`kind_${r.kind}` as 'kind_enterprise');
  return (
    <Alert
      type={e.eligibility === 'needs_review' ? 'warning' : 'success'}
      showIcon
      title={`${t('usccOk', { kind, division: r.divisionCode })}${e.eligibility === 'needs_review' ? t('usccReview') : t('usccEligible')}`}
      description={e.eligibility === 'needs_review' && lang === 'zh' ? e.note : undefined}
    />
  );
}

export default function RegisterPage() {
  const t = useT(authMessages);
  const { lang } = useLang();
  const tc = useT(conditionMessages);
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const uscc = Form.useWatch(['organization', 'uscc'], form) ?? '';
  const [done, setDone] = useState(false);
  // the code is judged when it is complete (18 characters or more) or the field is left — never from
  // the first keystroke; while it is being typed again, an earlier verdict is taken away
  useEffect(() => {
    const name = ['organization', 'uscc'] as ['organization', 'uscc'];
    if (normalizeUscc(uscc).length >= 18) void form.validateFields([name]).catch(() => {});
    else if (form.getFieldError(name).length) form.setFields([{ name, errors: [] }]);
  }, [uscc, form]);
  const [context, setContext] = useState<ProblemContext | undefined>();
  // a refusal that names a field is shown at the field; the alert then only names it and says what to do
  const [onField, setOnField] = useState(false);
  const register = useMutation({
    mutationFn: async (v: Values) => {
      const { confirm: _confirm, ...body } = v;
      body.organization.uscc = normalizeUscc(body.organization.uscc);
      await post('/auth/register', body);
      await post('/auth/login', { username: body.username, password: body.password });
      return fetchSession();
    },
    onSuccess: (s) => {
      setDone(true);
      qc.setQueryData(SESSION_KEY, s);
      if (s) void navigate(homeOf(s.user), { replace: true });
    },
    onError: (err) => {
      // the server's sentence for a taken username names the username; the other DUPLICATE is the organisation's code
      const isUsername = err.message.includes(authMessages.zh.username);
      setContext(isUsername ? 'username' : 'org');
      setOnField(
        applyProblemToForm(form, err, {
          INVALID_USCC: ['organization', 'uscc'],
          NOT_ELIGIBLE: ['organization', 'uscc'],
          DUPLICATE: isUsername ? ['username'] : ['organization', 'uscc'],
        }),
      );
    },
  });
  const req = (field: string) => ({ required: true, whitespace: true, message: t('required', { field }) });
  const o = organizationInput.shape;

  return (
    <Page title={t('registerTitle')} subtitle={t('registerIntro')}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Card>
            <Form
              form={form}
              layout="vertical"
              onFinish={(v) => register.mutate(v)}
              scrollToFirstError
              initialValues={{ organization: { legalForm: 'enterprise' } }}
            >
              <h2 className="section-title">{t('org')}</h2>
              <Form.Item name={['organization', 'name']} label={t('orgName')} rules={[req(t('orgName'))]}>
                <Input maxLength={200} autoComplete="organization" />
              </Form.Item>
              <Form.Item
                name={['organization', 'uscc']}
                label={t('uscc')}
                extra={t('usccHint')}
                validateTrigger="onBlur"
                rules={[
                  req(t('uscc')),
                  {
                    validator: async (_, v: string) => {
                      if (!v) return;
                      const problem = usccProblem(v, lang, t);
                      if (problem) throw new Error(problem);
                    },
                  },
                ]}
                // as typed: full-width characters from a Chinese IME folded (NFKC), spaces and hyphens copied
                // from a licence dropped — before any length limit, so a pasted "9131 0115 MA1H 7XQ3 14" stays whole
                normalize={(v: string) => normalizeUscc(v)}
              >
                <Input autoComplete="off" spellCheck={false} className="mono" />
              </Form.Item>
              <div className="field-note" aria-live="polite">
                <UsccStatus value={uscc} />
              </div>
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item name={['organization', 'legalForm']} label={t('legalForm')} rules={[{ required: true }]}>
                    <Select options={LEGAL_FORMS.map((f) => ({ value: f, label: legalFormLabel(f, lang) }))} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item
                    name={['organization', 'district']}
                    label={t('district')}
                    rules={[{ required: true, message: t('required', { field: t('district') }) }]}
                  >
                    <Select options={DISTRICTS.map((d) => ({ value: d.code, label: lang === 'en' ? d.en : d.name }))} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name={['organization', 'address']} label={t('address')} rules={[req(t('address'))]}>
                <Input maxLength={300} autoComplete="street-address" />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item name={['organization', 'legalRepresentative']} label={t('legalRep')} rules={[req(t('legalRep'))]}>
                    <Input maxLength={50} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name={['organization', 'contactName']} label={t('contactName')} rules={[req(t('contactName'))]}>
                    <Input maxLength={50} autoComplete="name" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item
                    name={['organization', 'contactPhone']}
                    label={t('contactPhone')}
                    rules={[req(t('contactPhone')), zodRule(o.contactPhone, t('required', { field: t('contactPhone') }))]}
                  >
                    <Input inputMode="tel" autoComplete="tel" maxLength={20} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item
                    name={['organization', 'contactEmail']}
                    label={t('contactEmail')}
                    validateTrigger="onBlur"
                    rules={[req(t('contactEmail')), { type: 'email', message: t('emailInvalid') }]}
                  >
                    {/* not type="email": the browser's own check would speak first, in its language */}
                    <Input inputMode="email" autoComplete="email" maxLength={200} />
                  </Form.Item>
                </Col>
              </Row>
              <h2 className="section-title">{t('account')}</h2>
              <Form.Item name="username" label={t('username')} rules={[req(t('username')), zodRule(usernameSchema, t('required', { field: t('username') }))]}>
                <Input autoComplete="username" maxLength={64} />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item
                    name="password"
                    label={t('password')}
                    extra={t('passwordHint')}
                    dependencies={['username']}
                    rules={[req(t('password')), passwordRule(() => form.getFieldValue('username') as string | undefined)]}
                  >
                    <Input.Password autoComplete="new-password" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item
                    name="confirm"
                    label={t('confirm')}
                    dependencies={['password']}
                    rules={[
                      req(t('confirm')),
                      ({ getFieldValue }) => ({
                        validator: async (_, v) => {
                          if (v && v !== getFieldValue('password')) throw new Error(t('mismatch'));
                        },
                      }),
                    ]}
                  >
                    <Input.Password autoComplete="new-password" />
                  </Form.Item>
                </Col>
              </Row>
              {register.error ? (
                <div className="mb-12">
                  <ProblemAlert error={register.error} context={context} onField={onField} />
                </div>
              ) : null}
              {done ? <Alert type="success" showIcon title={t('registered')} className="mb-12" /> : null}
              <Button type="primary" htmlType="submit" loading={register.isPending}>
                {t('register')}
              </Button>
              <p className="mt-16 mb-0">
                {t('haveAccount')} <Link to="/login">{t('loginLink')}</Link>
              </p>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card title={<h2 className="card-title">{t('eligibilityTitle')}</h2>}>
            <p>{t('eligibilityIntro')}</p>
            <ol className="list-none p-0">
              {CONDITION_KEYS.map((c) => (
                <li key={c} className="mb-6">
                  {tc(c)}
                </li>
              ))}
            </ol>
          </Card>
        </Col>
      </Row>
    </Page>
  );
}
