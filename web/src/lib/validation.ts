/**
 * antd Form rules from the contract's Zod schemas: the browser checks a field with the very schema
 * the server will use, and shows the schema's Chinese message (or the page's own when it has none).
 */
import type { RuleObject } from 'antd/es/form';

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
