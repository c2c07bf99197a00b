/** Stable error codes of API v1 and their HTTP statuses. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PASSWORD_CHANGE_REQUIRED: 403,
  MFA_ENROLMENT_REQUIRED: 403,
  INVALID_USCC: 400,
  NOT_ELIGIBLE: 422,
  DUPLICATE: 409,
  WINDOW_CLOSED: 409,
  /** 四(二): after the window, a correction may not enlarge what was applied for */
  CORRECTION_SCOPE: 409,
  RECOMMENDATION_MISSING: 409,
  MATERIAL_MISSING: 409,
  INVALID_FILE: 415,
  FILE_TOO_LARGE: 413,
  COOLDOWN_ACTIVE: 409,
  DEADLINE_PASSED: 409,
  PUBLICITY_CLOSED: 409,
  CALENDAR_UNKNOWN: 422,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
  /** 一: an application of an organisation whose eligibility review is pending cannot be accepted */
  ELIGIBILITY_REVIEW: 409,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_TITLES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: '请求内容有误',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '无权进行此操作',
  NOT_FOUND: '未找到',
  CONFLICT: '当前状态不允许此操作',
  PASSWORD_CHANGE_REQUIRED: '请先修改初始密码',
  MFA_ENROLMENT_REQUIRED: '请先绑定动态口令',
  INVALID_USCC: '统一社会信用代码无效',
  NOT_ELIGIBLE: '不符合申报条件',
  DUPLICATE: '记录已存在',
  WINDOW_CLOSED: '申报时间已截止或未开始',
  CORRECTION_SCOPE: '申报截止后补正不能扩大申报范围',
  RECOMMENDATION_MISSING: '尚未获得全部推荐',
  MATERIAL_MISSING: '申报材料不齐全',
  INVALID_FILE: '文件格式不符合要求',
  FILE_TOO_LARGE: '文件过大',
  COOLDOWN_ACTIVE: '一年内不得多次参与同一职业（工种）征集遴选',
  DEADLINE_PASSED: '已超过期限',
  PUBLICITY_CLOSED: '不在公示期内',
  CALENDAR_UNKNOWN: '该年度工作日安排尚未公布',
  RATE_LIMITED: '操作过于频繁',
  SERVICE_UNAVAILABLE: '服务暂时不可用',
  INTERNAL: '系统内部错误',
  ELIGIBILITY_REVIEW: '申报单位资格尚待市职鉴中心审核',
};

/**
 * The `clause` of a refusal that comes from the call's own settings rather than from the notice (the
 * correction period and its lapse, the minimum of expert reviews, an inspection of every site); such a
 * refusal names the setting too (`rule`, or `ref.rule` in a blocker).
 */
export const CALL_RULE_CLAUSE = '本批次规则';

/**
 * The sentences of the checklist (一次性告知) by a stable key: the server writes `detail` in Chinese,
 * and a page shown in another language writes its own sentence from `key` and `params`
 * (docs/decisions/0021-english-server-text.md). A key once given keeps its meaning and its params.
 */
export const BLOCKER_KEYS = [
  'window_not_open', // params: opensAt
  'window_closed', // params: closesAt
  'correction_lapsed', // params: dueOn, days
  'cooldown', // params: item, priorItem, submittedOn, months, allowedFrom
  'recommendation_declined', // params: who ('industry_authority' | 'district_hr'), authority | district, noAccount?
  'recommendation_awaiting', // same params
  'recommendation_not_requested', // same params
  'material_missing', // params: kind
  'sample_papers_short', // params: item, missing, perItem
  'no_items',
  'no_sites',
] as const;
export type BlockerKey = (typeof BLOCKER_KEYS)[number];

/** A reason something stands in the way — used in refusals and in the checklist (一次性告知). */
export interface Blocker {
  code: ErrorCode;
  detail: string;
  clause?: string;
  /** what the blocker is about, for pinpointing in a UI: material kind, item id, district, … */
  ref?: Record<string, string | number>;
  /** the sentence's stable key and its values, for a page in another language than `detail`'s Chinese */
  key?: BlockerKey;
  params?: Record<string, string | number>;
}
