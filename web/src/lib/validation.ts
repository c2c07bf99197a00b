/**
 * antd Form rules from the contract's Zod schemas: the browser checks a field with the very schema
 * the server will use, and shows the schema's Chinese message (or the page's own when it has none).
 */
import type { RuleObject } from 'antd/es/form';
import { passwordProblems } from '../../../contract/password-policy';

interface SafeParser {
  safeParse(v: unknown): { success: true } | { success: false; error: { issues: { message: string }[] } };
}

const CJK = /[\u4e00-\u9fff]/;

export function zodRule(schema: SafeParser, fallback: string): RuleObject {
  return {
    validator: async (_rule, value: unknown) => {
      if (value === undefined || value === null || value === '') return; // `required` speaks for empty fields
      const r = schema.safeParse(value);
      if (!r.success) {
        const msg = r.error.issues[0]?.message ?? '';
        throw new Error(CJK.test(msg) ? msg : fallback);
      }
    },
  };
}

/**
 * The password policy (contract/password-policy.ts) as the person types: every unmet rule at once,
 * in the server's own words, so the server's refusal is never the first time they hear of it.
 */
export function passwordRule(username: () => string | undefined): RuleObject {
  return {
    validator: async (_rule, value: unknown) => {
      if (typeof value !== 'string' || value === '') return; // `required` speaks for empty fields
      const problems = passwordProblems(value, username() ?? '');
      if (problems.length) throw new Error(`${problems.join('；')}。`);
    },
  };
}
