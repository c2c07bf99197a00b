import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type ReactNode } from 'react';
import { LightProblem } from '../../components/LightProblem';
import { post } from '../../lib/api';
import { useT } from '../../lib/i18n';
import { asProblem } from '../../lib/problem';
import type { Publicity } from '../../lib/types';
import { publicityMessages } from './messages';
import { OBJECTION_LIMITS, checkObjection, type ObjectionField, type ObjectionProblem } from './objection-rules';

type Values = Record<ObjectionField, string>;
const FIELDS: ObjectionField[] = ['applicationItemId', 'name', 'phone', 'content'];

/**
 * 提出异议 (三(五)) in plain elements: a native select, inputs and a textarea, checked in the browser by
 * the contract's rules (objection-rules.ts) with the message beside the field, the server's own
 * refusal on the field it names. While it is sent and once it is received the form is disabled; once
 * received it is cleared (a shared phone keeps no one's name), the reference is shown, and
 * 再提出一项异议 opens it again.
 */
export function ObjectionForm({ publicity }: { publicity: Publicity }) {
  const t = useT(publicityMessages);
  const empty = (): Values => ({
    applicationItemId: publicity.items.length === 1 ? publicity.items[0]!.applicationItemId : '',
    name: '',
    phone: '',
    content: '',
  });
  const [values, setValues] = useState<Values>(empty);
  const [tried, setTried] = useState(false);
  const [serverErrors, setServerErrors] = useState<Partial<Record<ObjectionField, string>>>({});
  const [reference, setReference] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const doneRef = useRef<HTMLDivElement>(null);

  const labels: Record<ObjectionField, string> = { applicationItemId: t('objectItem'), name: t('name'), phone: t('phone'), content: t('content') };
  const say = (field: ObjectionField, p: ObjectionProblem): string =>
    p === 'required'
      ? t(field === 'applicationItemId' ? 'requiredChoice' : 'required', { field: labels[field] })
      : p === 'tooLong'
        ? t('tooLong', { field: labels[field], max: field === 'name' ? OBJECTION_LIMITS.name : OBJECTION_LIMITS.content })
        : p === 'phoneInvalid'
          ? t('phoneInvalid')
          : t('contentShort', { min: OBJECTION_LIMITS.contentMin });
  const problems = checkObjection(values);
  const errorOf = (f: ObjectionField): string | undefined => serverErrors[f] ?? (tried && problems[f] ? say(f, problems[f]) : undefined);

  const send = useMutation({
    mutationFn: (body: Values) => post<{ id: string; reference: string }>(`/public/publicities/${publicity.id}/objections`, body),
    onSuccess: (r) => {
      setReference(r.reference);
      setValues(empty());
      setTried(false);
      requestAnimationFrame(() => doneRef.current?.focus());
    },
    onError: (err) => {
      // VALIDATION_FAILED names the field (errors[].path): its sentence goes beside that field
      const byField: Partial<Record<ObjectionField, string>> = {};
      for (const e of asProblem(err).errors ?? []) if ((FIELDS as string[]).includes(e.path)) byField[e.path as ObjectionField] = e.message;
      setServerErrors(byField);
    },
  });
  const locked = send.isPending || !!reference;
  const set = (f: ObjectionField) => (e: { currentTarget: { value: string } }) => {
    const v = e.currentTarget.value;
    setValues((old) => ({ ...old, [f]: v }));
    setServerErrors((old) => ({ ...old, [f]: undefined }));
  };
  const field = (f: ObjectionField, control: (a: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode, extra?: ReactNode) => {
    const err = errorOf(f);
    const id = `objection-${f}`;
    return (
      <div className="obj-field">
        <label htmlFor={id}>{labels[f]}</label>
        {control({ id, 'aria-invalid': !!err, 'aria-describedby': err ? `${id}-error` : undefined })}
        {extra}
        {err ? (
          <div id={`${id}-error`} className="obj-error">
            {err}
          </div>
        ) : null}
      </div>
    );
  };

  return (
    <form
      ref={formRef}
      className="obj-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (locked) return;
        setTried(true);
        setServerErrors({});
        const first = FIELDS.find((f) => problems[f]);
        if (first) {
          formRef.current?.querySelector<HTMLElement>(`#objection-${first}`)?.focus();
          return;
        }
        send.mutate(values);
      }}
    >
      <p className="muted">{t('objectIntro')}</p>
      <fieldset disabled={locked} className="obj-fields">
        <legend className="sr-only">{t('objectTitle')}</legend>
        {field('applicationItemId', (a) => (
          <select {...a} name="applicationItemId" className="text-input" value={values.applicationItemId} onChange={set('applicationItemId')}>
            <option value="">{t('choose')}</option>
            {publicity.items.map((i) => (
              <option key={i.applicationItemId} value={i.applicationItemId}>{`${i.organizationName} — ${i.itemName}`}</option>
            ))}
          </select>
        ))}
        {field('name', (a) => (
          <input {...a} name="name" className="text-input" autoComplete="name" maxLength={OBJECTION_LIMITS.name} value={values.name} onChange={set('name')} />
        ))}
        {field('phone', (a) => (
          <input
            {...a}
            name="phone"
            type="tel"
            className="text-input"
            autoComplete="tel"
            inputMode="tel"
            maxLength={OBJECTION_LIMITS.phoneMax}
            value={values.phone}
            onChange={set('phone')}
          />
        ))}
        {field(
          'content',
          (a) => (
            <textarea
              {...a}
              name="content"
              className="text-input obj-textarea"
              rows={4}
              maxLength={OBJECTION_LIMITS.content}
              value={values.content}
              onChange={set('content')}
            />
          ),
          <div className="obj-count muted" aria-hidden="true">
            {t('count', { n: values.content.length, max: OBJECTION_LIMITS.content })}
          </div>,
        )}
      </fieldset>
      {tried && Object.keys(problems).length ? (
        <p className="obj-error" role="alert">
          {t('fix')}
        </p>
      ) : null}
      {send.error && !Object.keys(serverErrors).some((k) => serverErrors[k as ObjectionField]) ? <LightProblem error={send.error} /> : null}
      {reference ? (
        <div ref={doneRef} tabIndex={-1} role="status" className="light-alert is-success">
          {t('submitted', { ref: reference })}
        </div>
      ) : null}
      <div className="row">
        {reference ? (
          <button
            type="button"
            className="btn"
            onClick={() => {
              setReference('');
              requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>(`#objection-${FIELDS.find((f) => !values[f]) ?? 'name'}`)?.focus());
            }}
          >
            {t('another')}
          </button>
        ) : (
          <button type="submit" className="btn primary" disabled={send.isPending}>
            {send.isPending ? t('sending') : t('submit')}
          </button>
        )}
      </div>
    </form>
  );
}
