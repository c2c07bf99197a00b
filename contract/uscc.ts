/**
 * Unified Social Credit Code (统一社会信用代码, GB 32100-2015): 18 characters —
 * 1 registering-authority code (登记管理部门代码), 2 organisation type (机构类别代码), 3–8 the
 * registering authority's administrative division (GB/T 2260), 9–17 the organisation code,
 * 18 the check character.
 * Pure.
 */
import type { Eligibility } from './enums.js';

export type UsccKind = 'organ' | 'public_institution' | 'enterprise' | 'social_group' | 'private_non_enterprise' | 'foundation' | 'other';

export interface UsccValid {
  ok: true;
  /** trimmed, upper-case */
  uscc: string;
  kind: UsccKind;
  /** characters 1–2 as GB 32100-2015 defines them */
  type: UsccType;
  /** characters 3–8: the registering authority's division code */
  divisionCode: string;
  /** 本市依法登记: the division code starts with 31 */
  inShanghai: boolean;
}
/** What is wrong, as data — for a page that says it in another language (the web's English mode). */
export type UsccIssue =
  | { kind: 'length'; length: number; extra?: string }
  | { kind: 'character'; position: number; char: string }
  | { kind: 'authority'; char: string; allowed: string[] }
  | { kind: 'type'; char: string; first: string; allowed: string[] }
  | { kind: 'division'; position: number; char: string }
  | { kind: 'check' };
export interface UsccInvalid {
  ok: false;
  /** a Chinese sentence telling the person what to fix */
  reason: string;
  issue: UsccIssue;
}
export type UsccResult = UsccValid | UsccInvalid;

/** GB 32100-2015 code alphabet: digits and capitals without I, O, Z, S, V; values 0–30. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const CHECK_HINT = '请核对营业执照或登记证书上的代码。';

/**
 * How a type of organisation stands under clause 一 of the notice (沪人社职〔2024〕270号):
 * refused at registration, eligible, or registered pending the centre's eligibility review.
 */
export type UsccTypeClass = 'not_eligible' | 'eligible' | 'needs_review';

export interface UsccType {
  /** characters 1–2 */
  code: string;
  /** 登记管理部门 */
  authority: string;
  /** 机构类别 */
  type: string;
  kind: UsccKind;
  class: UsccTypeClass;
}

/**
 * 登记管理部门代码 and 机构类别代码 of GB 32100-2015 (with its 2016 第1号修改单, which added the
 * agricultural bodies N1–N9), table 1 of the standard. Copied from, and checked line by line against,
 * the table in wanghanwanghan/someUtils src/moudles/nsrsbh/nsrsbhToType.php (commit 4731e0b5, citing
 * the 四川省统计局 explanation http://www.scmiyi.gov.cn/zwgk/zzjg/xjbm/tjj/tjzs/1887316.shtml) and
 * xiahaimoyu credentialkit's OrgCategory enum. Codes assigned later by other registries (G1 境外非政府
 * 组织代表机构, J1 业主大会, Q 侨联, 36 商事调解, 54/55 村(居)委会, 82 非法人工会, 99) are not in the
 * standard and are refused as INVALID_USCC until the contract says otherwise.
 *
 * Classes (api-v1, "Eligibility by USCC"): the notice admits 本市依法登记的独立法人（如企业、社会团体、
 * 院校、民办非企业等） (一) and bars 政府及其所属部门（事业单位、未与政府部门脱钩的社会团体） (一(一)).
 * Enterprises, farmers' cooperatives, social groups and private non-enterprise units are eligible;
 * organs, 编办-managed bodies, military units and 个体工商户 (not a legal person) are refused; every
 * other type (a public 院校 is a 事业单位; a foundation, a law firm…) is registered and reviewed by the centre.
 */
const TYPES: readonly (readonly [code: string, authority: string, type: string, kind: UsccKind, cls: UsccTypeClass])[] = [
  ['11', '机构编制', '机关', 'organ', 'not_eligible'],
  ['12', '机构编制', '事业单位', 'public_institution', 'needs_review'],
  ['13', '机构编制', '中央编办直接管理机构编制的群众团体', 'other', 'not_eligible'],
  ['19', '机构编制', '其他', 'other', 'not_eligible'],
  ['21', '外交', '外国常驻新闻机构', 'other', 'needs_review'],
  ['29', '外交', '其他', 'other', 'needs_review'],
  ['31', '司法行政', '律师执业机构', 'other', 'needs_review'],
  ['32', '司法行政', '公证处', 'other', 'needs_review'],
  ['33', '司法行政', '基层法律服务所', 'other', 'needs_review'],
  ['34', '司法行政', '司法鉴定机构', 'other', 'needs_review'],
  ['35', '司法行政', '仲裁委员会', 'other', 'needs_review'],
  ['39', '司法行政', '其他', 'other', 'needs_review'],
  ['41', '文化', '外国在华文化中心', 'other', 'needs_review'],
  ['49', '文化', '其他', 'other', 'needs_review'],
  ['51', '民政', '社会团体', 'social_group', 'eligible'],
  ['52', '民政', '民办非企业单位', 'private_non_enterprise', 'eligible'],
  ['53', '民政', '基金会', 'foundation', 'needs_review'],
  ['59', '民政', '其他', 'other', 'needs_review'],
  ['61', '旅游', '外国旅游部门常驻代表机构', 'other', 'needs_review'],
  ['62', '旅游', '港澳台地区旅游部门常驻内地（大陆）代表机构', 'other', 'needs_review'],
  ['69', '旅游', '其他', 'other', 'needs_review'],
  ['71', '宗教', '宗教活动场所', 'other', 'needs_review'],
  ['72', '宗教', '宗教院校', 'other', 'needs_review'],
  ['79', '宗教', '其他', 'other', 'needs_review'],
  ['81', '工会', '基层工会', 'other', 'needs_review'],
  ['89', '工会', '其他', 'other', 'needs_review'],
  ['91', '工商', '企业', 'enterprise', 'eligible'],
  ['92', '工商', '个体工商户', 'other', 'not_eligible'],
  ['93', '工商', '农民专业合作社', 'other', 'eligible'],
  ['A1', '中央军委改革和编制办公室', '军队事业单位', 'other', 'not_eligible'],
  ['A9', '中央军委改革和编制办公室', '其他', 'other', 'not_eligible'],
  ['N1', '农业', '组级集体经济组织', 'other', 'needs_review'],
  ['N2', '农业', '村级集体经济组织', 'other', 'needs_review'],
  ['N3', '农业', '乡镇级集体经济组织', 'other', 'needs_review'],
  ['N9', '农业', '其他', 'other', 'needs_review'],
  ['Y1', '其他', '不再具体划分机构类别', 'other', 'needs_review'],
];

/** Every pair of characters 1–2 that GB 32100-2015 defines, keyed by the pair. */
export const USCC_TYPES: ReadonlyMap<string, UsccType> = new Map(
  TYPES.map(([code, authority, type, kind, cls]) => [code, { code, authority, type, kind, class: cls }]),
);

/** What IMEs and copy-paste bring along: full-width forms (NFKC folds them), spaces, hyphens and dashes. */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212\u30FC\uFF0D]/gu;

/**
 * The code as the registry holds it: NFKC (full-width ９１ＳＨ… → 91SH…), without spaces or hyphens
 * (people copy "9131 0115 MA1H…" from a licence), upper case.
 */
export function normalizeUscc(raw: string): string {
  return raw.normalize('NFKC').replace(SEPARATORS, '').toUpperCase();
}

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

export function checkUscc(raw: string): UsccResult {
  const uscc = normalizeUscc(raw);
  if (uscc.length !== 18) {
    const more = uscc.length > 18 ? `，第19位起的“${uscc.slice(18)}”是多出的` : uscc.length > 0 ? `，少了${18 - uscc.length}位` : '';
    return {
      ok: false,
      reason: `统一社会信用代码应为18位，您填写的是${uscc.length}位${more}（空格和连字符不计）；${CHECK_HINT}`,
      issue: { kind: 'length', length: uscc.length, ...(uscc.length > 18 ? { extra: uscc.slice(18) } : {}) },
    };
  }
  for (let i = 0; i < 18; i++) {
    const ch = uscc.charAt(i);
    if (!USCC_ALPHABET.includes(ch)) {
      return {
        ok: false,
        reason: `统一社会信用代码第${i + 1}位“${ch}”不是有效字符：代码只由数字和大写英文字母组成，且不使用字母 I、O、Z、S、V；${CHECK_HINT}`,
        issue: { kind: 'character', position: i + 1, char: ch },
      };
    }
  }
  const type = USCC_TYPES.get(uscc.slice(0, 2));
  if (!type) {
    const authorities = [...new Set(TYPES.map((t) => t[0].charAt(0)))];
    const first = uscc.charAt(0);
    if (!authorities.includes(first)) {
      return {
        ok: false,
        reason: `统一社会信用代码第1位“${first}”不是登记管理部门代码：GB 32100-2015 规定第1位为 ${authorities.join('、')} 之一；${CHECK_HINT}`,
        issue: { kind: 'authority', char: first, allowed: authorities },
      };
    }
    const sameAuthority = TYPES.filter((t) => t[0].charAt(0) === first);
    return {
      ok: false,
      reason: `统一社会信用代码第2位“${uscc.charAt(1)}”不是${sameAuthority[0]![1]}部门登记的机构类别代码：第1位为“${first}”时第2位应为 ${sameAuthority.map((t) => `${t[0].charAt(1)}（${t[2]}）`).join('、')} 之一；${CHECK_HINT}`,
      issue: { kind: 'type', char: uscc.charAt(1), first, allowed: sameAuthority.map((t) => t[0].charAt(1)) },
    };
  }
  const divisionCode = uscc.slice(2, 8);
  for (let i = 2; i < 8; i++) {
    const ch = uscc.charAt(i);
    if (ch < '0' || ch > '9') {
      return {
        ok: false,
        reason: `统一社会信用代码第3–8位是登记管理机关行政区划码，应为6位数字，第${i + 1}位却是“${ch}”；${CHECK_HINT}`,
        issue: { kind: 'division', position: i + 1, char: ch },
      };
    }
  }
  if (usccCheckChar(uscc.slice(0, 17)) !== uscc.charAt(17)) {
    return {
      ok: false,
      reason: `统一社会信用代码的校验位（第18位）与前17位不符，可能有字符输入错误；${CHECK_HINT}`,
      issue: { kind: 'check' },
    };
  }
  return { ok: true, uscc, kind: type.kind, type, divisionCode, inShanghai: divisionCode.startsWith('31') };
}

export type EligibilityResult =
  | {
      eligible: false;
      code: 'NOT_ELIGIBLE';
      detail: string;
      clause: string;
      /** what bars it: the type (characters 1–2) or the division outside Shanghai */ why: 'type' | 'outside';
    }
  | { eligible: true; eligibility: Extract<Eligibility, 'eligible' | 'needs_review'>; note?: string };

/**
 * Why a type of organisation may not apply. 一(一) bars 政府及其所属部门（事业单位、未与政府部门脱钩的
 * 社会团体）; 一 admits only 本市依法登记的独立法人 — a 个体工商户 is not a legal person, and a military
 * unit is registered by the Central Military Commission's staffing office, not in this city.
 */
const REFUSALS: Record<string, { detail: string; clause: string }> = {
  '11': { detail: '该统一社会信用代码属于机关（代码以11开头）。政府及其所属部门不能申报社会培训评价组织。', clause: '一(一)' },
  '13': {
    detail:
      '该统一社会信用代码属于由机构编制部门（编办）直接管理机构编制的群众团体（代码以13开头），属未与政府部门脱钩的单位。政府及其所属部门不能申报社会培训评价组织。',
    clause: '一(一)',
  },
  '19': { detail: '该统一社会信用代码属于由机构编制部门（编办）管理的其他机构（代码以19开头）。政府及其所属部门不能申报社会培训评价组织。', clause: '一(一)' },
  A1: {
    detail: '该统一社会信用代码属于军队单位（代码以A1开头，由中央军委改革和编制办公室登记），不是本市依法登记的独立法人，不能申报社会培训评价组织。',
    clause: '一',
  },
  A9: {
    detail: '该统一社会信用代码属于军队单位（代码以A9开头，由中央军委改革和编制办公室登记），不是本市依法登记的独立法人，不能申报社会培训评价组织。',
    clause: '一',
  },
  '92': { detail: '该统一社会信用代码属于个体工商户（代码以92开头）。个体工商户不是法人，只有本市依法登记的独立法人可以申报社会培训评价组织。', clause: '一' },
};

/**
 * 一 / 一(一): independent legal persons registered in Shanghai may apply; government bodies
 * and their affiliated units may not. Types the notice neither admits nor bars by name (a 事业单位 —
 * a public 院校 may be acceptable, a bureau's affiliate is not —, a foundation, a law firm…) are
 * registered as `needs_review`: the centre records its review before it accepts an application.
 */
export function classifyEligibility(result: UsccValid): EligibilityResult {
  const { type } = result;
  if (type.class === 'not_eligible') {
    const r = REFUSALS[type.code] ?? {
      detail: `该统一社会信用代码属于${type.authority}登记的${type.type}（代码以${type.code}开头），不能申报社会培训评价组织。`,
      clause: '一',
    };
    return { eligible: false, code: 'NOT_ELIGIBLE', why: 'type', ...r };
  }
  if (!result.inShanghai) {
    return {
      eligible: false,
      code: 'NOT_ELIGIBLE',
      detail: `该统一社会信用代码的登记管理机关行政区划码为${result.divisionCode}，不在上海市（应以31开头）。只有本市依法登记的独立法人可以申报。`,
      clause: '一',
      why: 'outside',
    };
  }
  if (type.class === 'needs_review') {
    return {
      eligible: true,
      eligibility: 'needs_review',
      note: `该统一社会信用代码属于${type.authority}登记的${type.type}（代码以${type.code}开头）。是否为可以申报的独立法人（且不属于政府及其所属部门），由市职鉴中心审核后确定；审核通过前申报不能被受理。`,
    };
  }
  return { eligible: true, eligibility: 'eligible' };
}
