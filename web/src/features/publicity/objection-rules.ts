/**
 * The objection's fields checked in the browser by the same rules as the contract's `objectionInput`
 * (contract/publicity.ts: name 1–50, phone 7–20 of digits + - ( ) and spaces, content 5–5000, all
 * trimmed) — written out here so that the public notice page does not load zod; e2e/public-objection
 * compares the two on the same values, so they cannot drift apart unnoticed.
 */
export type ObjectionField = 'applicationItemId' | 'name' | 'phone' | 'content';
export type ObjectionProblem = 'required' | 'tooLong' | 'phoneInvalid' | 'contentShort';

export const OBJECTION_LIMITS = { name: 50, phoneMin: 7, phoneMax: 20, contentMin: 5, content: 5000 } as const;
const PHONE = /^[0-9+\-() ]{7,20}$/;

export function checkObjection(v: Record<ObjectionField, string>): Partial<Record<ObjectionField, ObjectionProblem>> {
  const out: Partial<Record<ObjectionField, ObjectionProblem>> = {};
  if (!v.applicationItemId) out.applicationItemId = 'required';
  const name = v.name.trim();
  if (!name) out.name = 'required';
  else if (name.length > OBJECTION_LIMITS.name) out.name = 'tooLong';
  const phone = v.phone.trim();
  if (!phone) out.phone = 'required';
  else if (!PHONE.test(phone)) out.phone = 'phoneInvalid';
  const content = v.content.trim();
  if (!content) out.content = 'required';
  else if (content.length < OBJECTION_LIMITS.contentMin) out.content = 'contentShort';
  else if (content.length > OBJECTION_LIMITS.content) out.content = 'tooLong';
  return out;
}
