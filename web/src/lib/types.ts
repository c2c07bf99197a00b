/** The API's shapes, inferred from the contract's Zod schemas (contract/): one source for server and web. */
import type { z } from 'zod';
import type {
  userSchema,
  organizationSchema,
  registerBody,
  createUserBody,
  expertSummarySchema,
  sessionSchema,
  userListSchema,
} from '../../../contract/accounts';
import type { auditEntrySchema, auditPageSchema } from '../../../contract/audit';
import type { calendarDaySchema, calendarYearSchema, calendarYearsSchema } from '../../../contract/calendar';
import type { inboxSchema, notificationSchema } from '../../../contract/notifications';
import type { directoryEntrySchema, directoryPageSchema } from '../../../contract/registry';
import type { clockSchema } from '../../../contract/system';
import type {
  applicationSchema,
  applicationSummarySchema,
  applicationInput,
  applicationPatch,
  filingSchema,
  materialSchema,
  expertReviewBody,
  siteInspectionBody,
  recommendationBody,
} from '../../../contract/applications';
import type { campaignSchema, campaignItemSchema, workingDaysResponse, rulesSchema, campaignInput } from '../../../contract/catalog';
import type { problemSchema, blockerSchema, checklistSchema } from '../../../contract/common';
import type { publicitySchema, publicityItemSchema, objectionSchema, objectionInput } from '../../../contract/publicity';
import type { statisticsSchema, upcomingDeadlineSchema } from '../../../contract/statistics';
import type { filingVerificationSchema } from '../../../contract/documents';
import type { auditVerificationSchema, filingProofSchema, publicKeysSchema } from '../../../contract/trust';
import type { nationalBatchListSchema, nationalBatchSchema } from '../../../contract/reports';
import type { authoritySchema } from '../../../contract/authorities';

export type User = z.infer<typeof userSchema>;
export type Organization = z.infer<typeof organizationSchema>;
export type RegisterBody = z.infer<typeof registerBody>;
export type CreateUserBody = z.infer<typeof createUserBody>;
export type Application = z.infer<typeof applicationSchema>;
export type ApplicationItem = Application['items'][number];
export type ApplicationSummary = z.infer<typeof applicationSummarySchema>;
export type ApplicationInput = z.infer<typeof applicationInput>;
export type ApplicationPatch = z.infer<typeof applicationPatch>;
export type Filing = z.infer<typeof filingSchema>;
export type Material = z.infer<typeof materialSchema>;
export type ExpertReviewBody = z.input<typeof expertReviewBody>;
export type SiteInspectionBody = z.infer<typeof siteInspectionBody>;
export type RecommendationBody = z.input<typeof recommendationBody>;
export type Campaign = z.infer<typeof campaignSchema>;
export type CampaignInput = z.infer<typeof campaignInput>;
export type CampaignRules = z.infer<typeof rulesSchema>;
export type CampaignItem = z.infer<typeof campaignItemSchema>;
export type WorkingDays = z.infer<typeof workingDaysResponse>;
export type Problem = z.infer<typeof problemSchema>;
export type Blocker = z.infer<typeof blockerSchema>;
export type Checklist = z.infer<typeof checklistSchema>;
export type Publicity = z.infer<typeof publicitySchema>;
export type PublicityItem = z.infer<typeof publicityItemSchema>;
export type Objection = z.infer<typeof objectionSchema>;
export type ObjectionInput = z.infer<typeof objectionInput>;
export type ExpertSummary = z.infer<typeof expertSummarySchema>;
export type Statistics = z.infer<typeof statisticsSchema>;
export type UpcomingDeadline = z.infer<typeof upcomingDeadlineSchema>;
export type FilingVerification = z.infer<typeof filingVerificationSchema>;
export type FilingProof = z.infer<typeof filingProofSchema>;
export type PublicKeys = z.infer<typeof publicKeysSchema>;
export type NationalBatch = z.infer<typeof nationalBatchSchema>;
export type NationalBatchList = z.infer<typeof nationalBatchListSchema>;
export type Authority = z.infer<typeof authoritySchema>;
export type Session = z.infer<typeof sessionSchema>;
export type StaffUser = z.infer<typeof userListSchema>['items'][number];
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type AuditPage = z.infer<typeof auditPageSchema>;
export type AuditVerification = z.infer<typeof auditVerificationSchema>;
export type CalendarDay = z.infer<typeof calendarDaySchema>;
export type CalendarYear = z.infer<typeof calendarYearSchema>;
export type CalendarYears = z.infer<typeof calendarYearsSchema>;
export type DirectoryEntry = z.infer<typeof directoryEntrySchema>;
export type DirectoryPage = z.infer<typeof directoryPageSchema>;
export type InboxMessage = z.infer<typeof notificationSchema>;
export type Inbox = z.infer<typeof inboxSchema>;
export type ClockState = z.infer<typeof clockSchema>;

export interface Paged<T> {
  items: T[];
  total: number;
}
