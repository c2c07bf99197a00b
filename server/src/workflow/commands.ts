import type { ApplicationStatus, ItemStatus, MaterialKind, Role } from '../../../contract/enums.js';
import type { CaseEvent } from './case.js';
import type { AppliedScope, ProposedScope } from './correction.js';
import type { WorkingCalendar } from './calendar.js';
import type { IsoDate } from './time.js';

/** Commands on one application (or one of its items). Payload fields the rules do not need stay in the service. */
export type Command =
  | { type: 'edit'; recommendationFieldsChanged: boolean; scope?: { before: AppliedScope; after: ProposedScope } }
  | { type: 'upload_material'; kind?: MaterialKind; itemId?: string }
  | { type: 'delete_material' }
  | { type: 'upload_letter' }
  | { type: 'upload_site_photo'; siteId?: string }
  | { type: 'request_recommendation' }
  | { type: 'recommend'; decision: 'recommend' | 'decline'; comment: string; onBehalfOf?: OnBehalfOf }
  | { type: 'submit' }
  | { type: 'acceptance'; decision: 'accept' | 'return' | 'reject'; reason: string }
  | { type: 'assign_experts'; expertIds: string[] }
  | { type: 'expert_review'; conflictOfInterest: boolean; recommendation: 'pass' | 'fail' | null }
  | { type: 'site_inspection'; siteId: string; result: 'pass' | 'fail' }
  | { type: 'institution_evaluation'; result: 'pass' | 'fail'; summary: string }
  | { type: 'project_submission'; itemId: string; note: string }
  | { type: 'project_evaluation'; itemId: string; result: 'pass' | 'fail'; summary: string }
  | { type: 'approval'; itemId: string; decision: 'approve' | 'reject'; comment: string }
  | { type: 'withdraw' };

export type CommandType = Command['type'];

/** A recommender on whose behalf the centre records a recommendation received on paper (api-v1 second reading). */
export interface OnBehalfOf {
  role: 'industry_authority' | 'district_hr';
  authority?: string;
  district?: string;
}

/** Who may issue each command (before state is even looked at). */
export const COMMAND_ROLES: Record<CommandType, readonly Role[]> = {
  edit: ['applicant'],
  upload_material: ['applicant'],
  delete_material: ['applicant'],
  // the centre uploads a letter received on paper (api-v1 second reading)
  upload_letter: ['industry_authority', 'district_hr', 'center'],
  upload_site_photo: ['center'],
  request_recommendation: ['applicant'],
  recommend: ['industry_authority', 'district_hr', 'center'],
  submit: ['applicant'],
  acceptance: ['center'],
  assign_experts: ['center'],
  expert_review: ['expert'],
  site_inspection: ['center'],
  institution_evaluation: ['center'],
  project_submission: ['applicant'],
  project_evaluation: ['center'],
  approval: ['bureau'],
  withdraw: ['applicant'],
};

/** The application states in which each command can be taken at all. */
export const COMMAND_STATES: Record<CommandType, readonly ApplicationStatus[]> = {
  edit: ['draft', 'recommendation_declined', 'returned'],
  // after the institution evaluation only 项目评估材料 (三(四)), for an item in project evaluation
  upload_material: ['draft', 'awaiting_recommendation', 'recommendation_declined', 'recommended', 'returned', 'institution_passed'],
  delete_material: ['draft', 'awaiting_recommendation', 'recommendation_declined', 'recommended', 'returned'],
  upload_letter: ['awaiting_recommendation'],
  // 现场考察照片 are taken while the centre evaluates the institution (三(三))
  upload_site_photo: ['accepted'],
  request_recommendation: ['draft', 'recommendation_declined'],
  recommend: ['awaiting_recommendation'],
  submit: ['draft', 'awaiting_recommendation', 'recommendation_declined', 'recommended', 'returned'],
  acceptance: ['submitted'],
  assign_experts: ['accepted'],
  expert_review: ['accepted'],
  site_inspection: ['accepted'],
  institution_evaluation: ['accepted'],
  project_submission: ['institution_passed'],
  project_evaluation: ['institution_passed'],
  approval: ['institution_passed'],
  // 撤回: the applicant may withdraw until the centre accepts (api-v1 "Withdrawal")
  withdraw: ['draft', 'awaiting_recommendation', 'recommendation_declined', 'recommended', 'submitted', 'returned'],
};

/** Statuses in which an unsubmitted (or returned) application waits on its applicant. */
export const AWAITING_APPLICANT: readonly ApplicationStatus[] = ['draft', 'awaiting_recommendation', 'recommendation_declined', 'recommended', 'returned'];

export interface Decision {
  status: ApplicationStatus;
  patch: {
    correctionDueOn?: IsoDate | null;
    submittedAt?: Date;
    firstSubmittedAt?: Date;
    institutionPassedOn?: IsoDate;
    newRecommendationRound?: boolean;
  };
  items: { id: string; status: ItemStatus; projectEvaluationDueOn?: IsoDate | null }[];
  events: CaseEvent[];
}

export interface DecideContext {
  now: Date;
  calendar: WorkingCalendar;
}

/** What each command is called in a refusal (“您的角色不能…”, “申报当前为…，不能…”). */
export const ACTION_LABELS: Record<CommandType, string> = {
  edit: '修改申报信息',
  upload_material: '上传材料',
  delete_material: '删除材料',
  upload_letter: '上传推荐函',
  upload_site_photo: '上传现场考察照片',
  request_recommendation: '申请推荐',
  recommend: '推荐',
  submit: '提交申报',
  acceptance: '受理',
  assign_experts: '指派评估专家',
  expert_review: '专家评审',
  site_inspection: '现场考察',
  institution_evaluation: '机构评估',
  project_submission: '提交项目评估材料',
  project_evaluation: '项目评估',
  approval: '市人社局审批',
  withdraw: '撤回申报',
};
