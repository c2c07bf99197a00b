/**
 * problem+json → where a person sees it. Field errors go next to their field (antd Form
 * `setFields`); everything else is shown next to the action that failed. The notice's clause is
 * always quoted when the API gives one. Values typed by the user are never reset here.
 */
import type { FormInstance } from 'antd';
import { CALL_RULE_CLAUSE } from '../../../contract/errors';
import { ApiError } from './api';
import type { Problem } from './types';
import { zh } from './i18n';
import { libMessages } from './messages';

const t = zh(libMessages);

export type NamePath = (string | number)[];

/** "四(二)" → "依据《通知》四(二)"; "本批次规则" (a setting of the call, not the notice) → "依据本批次规则" */
export function clauseText(clause: string | undefined): string {
  if (clause === CALL_RULE_CLAUSE) return t('callRule');
  return clause ? t('clause', { clause }) : '';
}

export function problemText(p: Problem): string {
  return p.clause ? `${p.detail}（${clauseText(p.clause)}）` : p.detail;
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
export function applyProblemToForm(form: FormInstance, err: unknown, codeFields: Record<string, NamePath> = {}, pathMap: (path: string) => NamePath | null = defaultPath): boolean {
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
