/**
 * Unified Social Credit Code (统一社会信用代码, GB 32100-2015): 18 characters —
 * 1 registering-authority code, 2 organisation type, 3–8 the registering authority's
 * administrative division (GB/T 2260), 9–17 the organisation code, 18 the check character.
 * Pure.
 */
import type { Eligibility } from '../../../contract/enums.js';

export type UsccKind =
  | 'organ'
  | 'public_institution'
  | 'enterprise'
  | 'social_group'
  | 'private_non_enterprise'
  | 'foundation'
  | 'other';

export interface UsccValid {
  ok: true;
  /** trimmed, upper-case */
  uscc: string;
  kind: UsccKind;
  /** characters 3–8: the registering authority's division code */
  divisionCode: string;
  /** 本市依法登记: the division code starts with 31 */
  inShanghai: boolean;
}
export interface UsccInvalid {
  ok: false;
  /** a Chinese sentence telling the person what to fix */
  reason: string;
}
export type UsccResult = UsccValid | UsccInvalid;

/** GB 32100-2015 code alphabet: digits and capitals without I, O, Z, S, V; values 0–30. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const CHECK_HINT = '请核对营业执照或登记证书上的代码。';

/** The check character (position 18) for the first 17 characters. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`expected 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17.charAt(i));
    if (v < 0) throw new RangeError(`not a USCC character at position ${i + 1}: ${first17.charAt(i)}`);
    sum += v * WEIGHTS[i]!;
  }
  const c = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET.charAt(c);
}

function kindOf(code: string): UsccKind {
  switch (code.slice(0, 2)) {
    case '11':
      return 'organ';
    case '12':
      return 'public_institution';
    case '91':
      return 'enterprise';
    case '51':
      return 'social_group';
    case '52':
      return 'private_non_enterprise';
    case '53':
      return 'foundation';
    default:
      return 'other';
  }
}

export function checkUscc(raw: string): UsccResult {
  const uscc = raw.trim().toUpperCase();
  if (uscc.length !== 18) {
    return {
      ok: false,
      reason: `统一社会信用代码应为18位，您填写的是${uscc.length}位；${CHECK_HINT}`,
    };
  }
  for (let i = 0; i < 18; i++) {
    const ch = uscc.charAt(i);
    if (!USCC_ALPHABET.includes(ch)) {
      const shown = ch.trim() === '' ? '空格' : `“${ch}”`;
      return {
        ok: false,
        reason: `统一社会信用代码第${i + 1}位${shown}不是有效字符：代码只由数字和大写英文字母组成，且不使用字母 I、O、Z、S、V；${CHECK_HINT}`,
      };
    }
  }
  const divisionCode = uscc.slice(2, 8);
  if (!/^\d{6}$/.test(divisionCode)) {
    return {
      ok: false,
      reason: `统一社会信用代码第3–8位是登记管理机关行政区划码，应为6位数字；${CHECK_HINT}`,
    };
  }
  if (usccCheckChar(uscc.slice(0, 17)) !== uscc.charAt(17)) {
    return {
      ok: false,
      reason: `统一社会信用代码的校验位（第18位）与前17位不符，可能有字符输入错误；${CHECK_HINT}`,
    };
  }
  return { ok: true, uscc, kind: kindOf(uscc), divisionCode, inShanghai: divisionCode.startsWith('31') };
}

export type EligibilityResult =
  | { eligible: false; code: 'NOT_ELIGIBLE'; detail: string; clause: string }
  | { eligible: true; eligibility: Eligibility };

/**
 * 一 / 一(一): independent legal persons registered in Shanghai may apply; government bodies
 * and their affiliated units may not. A public institution (事业单位, `12…`) needs review:
 * a public 院校 may be acceptable, a bureau's affiliate is not.
 */
export function classifyEligibility(result: UsccValid): EligibilityResult {
  if (result.kind === 'organ') {
    return {
      eligible: false,
      code: 'NOT_ELIGIBLE',
      detail: '该统一社会信用代码属于机关（代码以11开头）。政府及其所属部门不能申报社会培训评价组织。',
      clause: '一(一)',
    };
  }
  if (!result.inShanghai) {
    return {
      eligible: false,
      code: 'NOT_ELIGIBLE',
      detail: `该统一社会信用代码的登记管理机关行政区划码为${result.divisionCode}，不在上海市（应以31开头）。只有本市依法登记的独立法人可以申报。`,
      clause: '一',
    };
  }
  if (result.kind === 'public_institution') return { eligible: true, eligibility: 'needs_review' };
  return { eligible: true, eligibility: 'eligible' };
}
