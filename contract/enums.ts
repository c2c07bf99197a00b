/**
 * Stable vocabulary of API v1 (../shared/docs/api-v1.md). Never rename a value:
 * clients, the web app and the acceptance suite depend on them.
 */
export const ROLES = ['applicant', 'industry_authority', 'district_hr', 'center', 'expert', 'bureau', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES: readonly Role[] = ['industry_authority', 'district_hr', 'center', 'expert', 'bureau', 'admin', 'auditor'];

export const APPLICATION_STATUSES = [
  'draft',
  'awaiting_recommendation',
  'recommendation_declined',
  'recommended',
  'submitted',
  'returned',
  'rejected',
  'accepted',
  'institution_passed',
  'institution_failed',
  /** 已撤回: withdrawn by the applicant before acceptance (final; a submitted one still counts for the one-year rule) */
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const ITEM_STATUSES = [
  'pending',
  'project_evaluation',
  /** 项目评估材料已提交 (三(四)): the applicant completed its part within the 3 months; the clock stops */
  'project_submitted',
  'project_passed',
  'project_failed',
  'abandoned',
  'approved',
  'not_approved',
  'in_publicity',
  'objection_upheld',
  'filed',
] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const LEGAL_FORMS = ['enterprise', 'social_group', 'school', 'private_non_enterprise'] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

/** needs_review until the centre records its eligibility review (一); not_eligible only by that review. */
export const ELIGIBILITY = ['eligible', 'needs_review', 'not_eligible'] as const;
export type Eligibility = (typeof ELIGIBILITY)[number];

export const MATERIAL_KINDS = [
  'credit_proof',
  'application_form',
  'license_copy',
  'work_plan',
  'sample_paper',
  'recommendation_letter',
  'site_photo',
  /** 项目评估材料 (三(四)): uploaded by the applicant for one item while it is in project evaluation */
  'project_material',
] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];

/** 四(一) — what every submission must carry; sample papers are counted per item (2 each). */
export const REQUIRED_MATERIAL_KINDS = ['credit_proof', 'application_form', 'license_copy', 'work_plan'] as const;
export const SAMPLE_PAPERS_PER_ITEM = 2;

export const MATERIAL_KIND_LABELS: Record<MaterialKind, string> = {
  credit_proof: '申报单位主体资质的信用佐证（如信用报告等）',
  application_form: '社会培训评价组织征集遴选申请表（盖章扫描件）',
  license_copy: '法人登记证书复印件或营业执照复印件',
  work_plan: '职业技能等级认定工作方案',
  sample_paper: '题库资源（样卷）',
  recommendation_letter: '关于推荐参与征集遴选社会培训评价组织的函',
  site_photo: '现场考察照片（JPEG/PNG，市职鉴中心上传）',
  project_material: '项目评估材料',
};

export const ITEM_KINDS = ['occupation', 'special_ability'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** `suspended` (暂停): a supervision measure of the bureau or the centre — not valid, out of the directory, resumable. */
export const FILING_STATUSES = ['active', 'suspended', 'expired', 'revoked'] as const;
export type FilingStatus = (typeof FILING_STATUSES)[number];

export const FILING_STATUS_LABELS: Record<FilingStatus, string> = { active: '有效', suspended: '已暂停', expired: '已过期', revoked: '已撤销' };

/** The events of a filing that become leaves of the transparency log (api-v1: Trust). */
export const FILING_EVENT_TYPES = ['filing.issued', 'filing.suspended', 'filing.resumed', 'filing.expired', 'filing.revoked'] as const;
export type FilingEventType = (typeof FILING_EVENT_TYPES)[number];

/**
 * Why a receipt is not valid (GET /public/filings/:receiptNo → reasons[].code). Status reasons say what
 * happened to the filing; the others say that the records do not prove what they claim.
 */
export const FILING_CHECK_CODES = [
  'SUSPENDED',
  'EXPIRED',
  'REVOKED',
  'NOT_IN_LOG',
  'FACTS_CHANGED',
  'STATUS_CHANGED',
  'NOT_YET_CHECKPOINTED',
  'PROOF_FAILED',
  'EVENT_FORGED',
  'DIGEST_MISSING',
  'DIGEST_CHANGED',
  'RECORDS_CHANGED',
] as const;
export type FilingCheckCode = (typeof FILING_CHECK_CODES)[number];

export const OBJECTION_STATUSES = ['pending', 'upheld', 'dismissed'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

export const PUBLICITY_STATUSES = ['open', 'closed'] as const;
export type PublicityStatus = (typeof PUBLICITY_STATUSES)[number];

export const SKILL_LEVEL_LABELS: Record<number, string> = {
  5: '五级/初级工',
  4: '四级/中级工',
  3: '三级/高级工',
  2: '二级/技师',
  1: '一级/高级技师',
};
/** 职业技能等级, short: 五级 … 一级. */
export const SKILL_LEVELS = [5, 4, 3, 2, 1] as const;
export const SKILL_LEVEL_SHORT: Record<number, string> = { 5: '五级', 4: '四级', 3: '三级', 2: '二级', 1: '一级' };

export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  draft: '草稿',
  awaiting_recommendation: '待推荐',
  recommendation_declined: '推荐未通过',
  recommended: '已推荐（待提交）',
  submitted: '已提交（待受理）',
  returned: '退回补正',
  rejected: '不予受理',
  accepted: '已受理（机构评估中）',
  institution_passed: '通过机构评估',
  institution_failed: '未通过机构评估',
  withdrawn: '已撤回',
};

export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = {
  pending: '待机构评估',
  project_evaluation: '项目评估中',
  project_submitted: '项目评估材料已提交',
  project_passed: '通过项目评估',
  project_failed: '未通过项目评估',
  abandoned: '视作放弃',
  approved: '市人社局已同意',
  not_approved: '市人社局未同意',
  in_publicity: '公示中',
  objection_upheld: '异议成立',
  filed: '已备案',
};

export const ROLE_LABELS: Record<Role, string> = {
  applicant: '申报单位',
  industry_authority: '行业主管部门',
  district_hr: '区人社部门',
  center: '市职鉴中心',
  expert: '评估专家',
  bureau: '市人社局',
  admin: '系统管理员',
  auditor: '安全审计员',
};
