/**
 * The API's vocabulary in words people read: statuses, roles, levels, material kinds, districts.
 * Chinese comes from the contract (contract/enums.ts), so server and web say the same thing.
 */
import {
  APPLICATION_STATUS_LABELS,
  ITEM_STATUS_LABELS,
  MATERIAL_KIND_LABELS,
  ROLE_LABELS,
  SKILL_LEVEL_LABELS,
  SKILL_LEVEL_SHORT,
  type ApplicationStatus,
  type FilingStatus,
  type ItemStatus,
  type MaterialKind,
  type Role,
} from '../../../contract/enums';
import { ERROR_TITLES, type ErrorCode } from '../../../contract/errors';
import type { Lang } from './i18n';

/** GB/T 2260 — Shanghai's 16 districts (domain.md, facts to seed). */
export const DISTRICTS: readonly { code: string; name: string; en: string }[] = [
  { code: '310101', name: '黄浦区', en: 'Huangpu' },
  { code: '310104', name: '徐汇区', en: 'Xuhui' },
  { code: '310105', name: '长宁区', en: 'Changning' },
  { code: '310106', name: '静安区', en: "Jing'an" },
  { code: '310107', name: '普陀区', en: 'Putuo' },
  { code: '310109', name: '虹口区', en: 'Hongkou' },
  { code: '310110', name: '杨浦区', en: 'Yangpu' },
  { code: '310112', name: '闵行区', en: 'Minhang' },
  { code: '310113', name: '宝山区', en: 'Baoshan' },
  { code: '310114', name: '嘉定区', en: 'Jiading' },
  { code: '310115', name: '浦东新区', en: 'Pudong' },
  { code: '310116', name: '金山区', en: 'Jinshan' },
  { code: '310117', name: '松江区', en: 'Songjiang' },
  { code: '310118', name: '青浦区', en: 'Qingpu' },
  { code: '310120', name: '奉贤区', en: 'Fengxian' },
  { code: '310151', name: '崇明区', en: 'Chongming' },
];

export function districtName(code: string | undefined | null, lang: Lang = 'zh'): string {
  if (!code) return '';
  const d = DISTRICTS.find((x) => x.code === code);
  if (!d) return code;
  return lang === 'en' ? d.en : d.name;
}

const LEVEL_EN: Record<number, string> = {
  5: 'Level 5 (junior)',
  4: 'Level 4 (intermediate)',
  3: 'Level 3 (senior)',
  2: 'Level 2 (technician)',
  1: 'Level 1 (senior technician)',
};

export function levelLabel(level: number, lang: Lang = 'zh'): string {
  return lang === 'en' ? (LEVEL_EN[level] ?? `Level ${level}`) : (SKILL_LEVEL_LABELS[level] ?? `${level}级`);
}

/** [5,4,3] → 五级、四级、三级; [] (a special vocational ability) → 专项职业能力 */
export function levelsShort(levels: readonly number[], lang: Lang = 'zh'): string {
  if (levels.length === 0) return lang === 'en' ? 'Special vocational ability' : '专项职业能力';
  return lang === 'en' ? `Level ${levels.join(', ')}` : levels.map((l) => SKILL_LEVEL_SHORT[l] ?? `${l}级`).join('、');
}

const APP_STATUS_EN: Record<ApplicationStatus, string> = {
  draft: 'Draft',
  awaiting_recommendation: 'Awaiting recommendation',
  recommendation_declined: 'Recommendation declined',
  recommended: 'Recommended',
  submitted: 'Submitted',
  returned: 'Returned for correction',
  rejected: 'Rejected',
  accepted: 'Accepted',
  institution_passed: 'Passed institution evaluation',
  institution_failed: 'Failed institution evaluation',
  withdrawn: 'Withdrawn',
};
const ITEM_STATUS_EN: Record<ItemStatus, string> = {
  pending: 'Pending',
  project_evaluation: 'Project evaluation',
  project_submitted: 'Project evaluation materials submitted',
  project_passed: 'Passed project evaluation',
  project_failed: 'Failed project evaluation',
  abandoned: 'Abandoned',
  approved: 'Approved',
  not_approved: 'Not approved',
  in_publicity: 'On public notice',
  objection_upheld: 'Objection upheld',
  filed: 'Filed',
};

export const applicationStatusLabel = (s: ApplicationStatus, lang: Lang = 'zh') => (lang === 'en' ? APP_STATUS_EN[s] : APPLICATION_STATUS_LABELS[s]);
export const itemStatusLabel = (s: ItemStatus, lang: Lang = 'zh') => (lang === 'en' ? ITEM_STATUS_EN[s] : ITEM_STATUS_LABELS[s]);
export const roleLabel = (r: Role) => ROLE_LABELS[r];
export const materialKindLabel = (k: MaterialKind) => MATERIAL_KIND_LABELS[k];
export const errorTitle = (c: string) => ERROR_TITLES[c as ErrorCode] ?? '操作未成功';

export const FILING_STATUS_LABELS: Record<Lang, Record<FilingStatus, string>> = {
  zh: { active: '有效', suspended: '已暂停', expired: '已过期', revoked: '已撤销' },
  en: { active: 'Valid', suspended: 'Suspended', expired: 'Expired', revoked: 'Revoked' },
};

export const LEGAL_FORM_LABELS = {
  enterprise: '企业',
  social_group: '社会团体',
  school: '院校',
  private_non_enterprise: '民办非企业单位',
} as const;
const LEGAL_FORM_EN: Record<keyof typeof LEGAL_FORM_LABELS, string> = {
  enterprise: 'Enterprise',
  social_group: 'Social group',
  school: 'School or college',
  private_non_enterprise: 'Private non-enterprise unit',
};
/** 单位类型 in the page's language. */
export const legalFormLabel = (f: keyof typeof LEGAL_FORM_LABELS, lang: Lang = 'zh') => (lang === 'en' ? LEGAL_FORM_EN[f] : LEGAL_FORM_LABELS[f]);

/**
 * An item's other names — the official name when it differs, then its aliases — each once and never
 * the name itself (the catalogue may list an alias equal to the name: "物流服务师、物流服务师").
 */
export function otherNames(item: { name: string; officialName: string; aliases: readonly string[] }): string[] {
  const seen = new Set([item.name.trim()]);
  const out: string[] = [];
  for (const n of [item.officialName, ...item.aliases].map((x) => x.trim())) {
    if (n && !seen.has(n)) {
      seen.add(n);
      out.push(n);
    }
  }
  return out;
}
