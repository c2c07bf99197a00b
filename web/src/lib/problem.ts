/**
 * problem+json → where a person sees it. Field errors go next to their field (antd Form
 * `setFields`); everything else is shown next to the action that failed. The notice's clause is
 * always quoted when the API gives one. Values typed by the user are never reset here.
 */
import type { FormInstance } from 'antd';
import { CALL_RULE_CLAUSE } from '../../../contract/errors';
import { ApiError } from './api';
import type { Blocker, Problem } from './types';
import { translate, zh, type Lang } from './i18n';
import { libMessages, problemMessages } from './messages';
import { districtName } from './vocab';
import { humanizeDates } from './format';
import { blockerSentence, sectionNumber } from './server-messages';

const t = zh(libMessages);

export type NamePath = (string | number)[];

/** "四(二)" → "依据《通知》四(二)" (English: "Notice, section 4(2)"); "本批次规则" (a setting of the call, not the notice) → "依据本批次规则" */
export function clauseText(clause: string | undefined, lang: Lang = 'zh'): string {
  if (clause === CALL_RULE_CLAUSE) return translate(libMessages, lang, 'callRule');
  return clause ? translate(libMessages, lang, 'clause', { clause: lang === 'en' ? sectionNumber(clause) : clause }) : '';
}

/**
 * Where a refusal happened, when that changes what it is called: a failed sign-in is not an expired
 * session; a taken username is not an organisation registered twice.
 */
export type ProblemContext = 'login' | 'username' | 'org';

/** The title and the next step a person reads for a refusal: per error code (and situation), else the server's title. */
export function describeProblem(p: Problem, lang: Lang = 'zh', context?: ProblemContext): { title: string; action: string } {
  type K = keyof typeof problemMessages.zh;
  const pick = (kind: 't' | 'a'): string | undefined => {
    for (const key of [context ? `${context}_${kind}_${p.code}` : '', `${kind}_${p.code}`]) {
      if (key && key in problemMessages.zh) return translate(problemMessages, lang, key as K);
    }
    return undefined;
  };
  // a refusal only about the password (the policy of contract/password-policy.ts) is called that
  if (!context && p.code === 'VALIDATION_FAILED' && p.errors?.length && p.errors.every((e) => /password/i.test(e.path))) {
    return {
      title: translate(problemMessages, lang, 'password_t_VALIDATION_FAILED'),
      action: translate(problemMessages, lang, 'password_a_VALIDATION_FAILED'),
    };
  }
  return { title: pick('t') ?? p.title, action: pick('a') ?? '' };
}

/**
 * A blocker's sentence, with a district named rather than coded: a refusal worked out without the
 * district names (the submit command's) says "（310115）" where the checklist says "（浦东新区）".
 */
export function blockerText(b: Pick<Blocker, 'detail' | 'ref' | 'key' | 'params'>, lang: Lang = 'zh'): string {
  const en = blockerSentence(b, lang);
  if (en) return en;
  const code = b.ref?.district;
  const detail = humanizeDates(b.detail);
  if (typeof code !== 'string' || !/^\d{6}$/.test(code)) return detail;
  return detail.split(code).join(districtName(code));
}

/** A refusal in one line (an upload's row, a field): the server's sentence; in English its title and next step by code. */
export function problemText(p: Problem, lang: Lang = 'zh'): string {
  if (lang === 'en') {
    const { title, action } = describeProblem(p, 'en');
    const said = /\p{Script=Han}/u.test(title) ? translate(libMessages, 'en', 'failedTitle') : title;
    const line = action && !/\p{Script=Han}/u.test(action) ? `${said}. ${action}` : `${said}.`;
    return p.clause ? `${line} (${clauseText(p.clause, 'en')})` : line;
  }
  const detail = humanizeDates(p.detail);
  return p.clause ? `${detail}（${clauseText(p.clause)}）` : detail;
}

export function asProblem(err: unknown): Problem {
  if (err instanceof ApiError) return err.problem;
  return { type: 'about:blank', title: t('failedTitle'), status: 0, code: 'CLIENT', detail: err instanceof Error ? err.message : String(err) };
}

/**
 * Puts an API refusal on the form fields it concerns. `codeFields` maps error codes that are about one
 * field (INVALID_USCC → ['organization','uscc']); VALIDATION_FAILED's `errors[].path` ("organization.uscc")
 * are mapped by path. Returns true when at least one field took the error (the caller may still show
 * a summary next to the submit button).
 */
export function applyProblemToForm(
  form: FormInstance,
  err: unknown,
  codeFields: Record<string, NamePath> = {},
  pathMap: (path: string) => NamePath | null = defaultPath,
): boolean {
  const p = asProblem(err);
  const fields: { name: NamePath; errors: string[] }[] = [];
  const byCode = codeFields[p.code];
  if (byCode) fields.push({ name: byCode, errors: [problemText(p)] });
  for (const e of p.errors ?? []) {
    const name = pathMap(e.path);
    if (name && form.getFieldInstance(name) != null) fields.push({ name, errors: [e.message] });
  }
  if (fields.length) form.setFields(fields);
  return fields.length > 0;
}

function defaultPath(path: string): NamePath | null {
  if (!path) return null;
  return path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
