import type { ApplicationStatus, Eligibility, ItemStatus, MaterialKind, Role } from '../../../contract/enums.js';
import type { IsoDate } from './time.js';

/** The rules of one call (api-v1 `rules`), set per campaign; the 2024 notice's are the defaults. */
export interface CampaignRules {
  publicityWorkingDays: number; // 三(五) 公示期为5个工作日
  projectEvaluationMonths: number; // 三(四) 3个月内完成项目评估
  cooldownMonths: number; // 三(四) 1年内不得多次参与
  filingValidityYears: number; // 三(五) 备案有效期为3年
  correctionWorkingDays: number; // 本批次规则 (not the notice's): 退回补正期限（工作日），逾期未补正不予受理
  minExpertReviews: number; // 本批次规则 (not the notice's, which names 专家论证 in 三(三)): 最少有效评审数
}

export const DEFAULT_RULES: CampaignRules = {
  publicityWorkingDays: 5,
  projectEvaluationMonths: 3,
  cooldownMonths: 12,
  filingValidityYears: 3,
  correctionWorkingDays: 5,
  minExpertReviews: 3,
};

/**
 * The `clause` of a refusal that comes from the call's own settings (the rules above that are not the
 * notice's words: the correction period and its lapse, the minimum of expert reviews, an inspection of
 * every site). Such a refusal also names the setting (`rule`), so nobody reads our choice as the law.
 */
export { CALL_RULE_CLAUSE } from '../../../contract/errors.js';
export type CallRuleName = 'correctionWorkingDays' | 'minExpertReviews' | 'inspectEverySite';

export interface CaseCampaign {
  opensAt: Date;
  closesAt: Date; // exclusive: 8月28日24时 = 2024-08-29T00:00+08:00
  rules: CampaignRules;
}

export interface CaseItem {
  id: string;
  seq: number;
  name: string;
  /** identifies "the same occupation (work type)" across campaigns for the one-year rule */
  occupationKey: string;
  levels: number[];
  status: ItemStatus;
  projectEvaluationDueOn: IsoDate | null;
}

export interface CaseSite {
  id: string;
  name: string;
  district: string;
}

export interface CaseRecommendation {
  role: 'industry_authority' | 'district_hr';
  district: string | null;
  authority: string | null;
  decision: 'recommend' | 'decline';
}

export interface CaseReview {
  expertId: string;
  conflictOfInterest: boolean;
  recommendation: 'pass' | 'fail' | null;
}

export interface CaseInspection {
  siteId: string;
  result: 'pass' | 'fail';
  at: Date;
}

/** An earlier submission by the same organisation that included this occupation (work type). */
export interface PriorParticipation {
  occupationKey: string;
  itemName: string;
  submittedOn: IsoDate; // Shanghai date of the earlier application's first submission
  applicationId: string;
}

/** Everything the rules need to decide about one application — loaded whole, decided purely. */
export interface ApplicationCase {
  id: string;
  organizationId: string;
  organizationEligibility: Eligibility;
  status: ApplicationStatus;
  industryAuthority: string;
  campaign: CaseCampaign;
  items: CaseItem[];
  sites: CaseSite[];
  materials: { kind: MaterialKind; itemId: string | null }[];
  /** recommendations of the current round only */
  recommendations: CaseRecommendation[];
  experts: string[];
  reviews: CaseReview[];
  inspections: CaseInspection[];
  correctionDueOn: IsoDate | null;
  submittedAt: Date | null;
  firstSubmittedAt: Date | null;
  priorParticipations: PriorParticipation[];
}

export interface Actor {
  id: string;
  role: Role;
  organizationId?: string | null;
  district?: string | null;
  authority?: string | null;
}

/** A line of the case's history (who/when/why is added by the service). */
export interface CaseEvent {
  action: string;
  itemId?: string;
  from?: string;
  to?: string;
  note?: string;
}
