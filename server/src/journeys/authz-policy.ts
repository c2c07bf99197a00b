import { ROLES, type Role } from '../../../contract/enums.js';

/**
 * The policy of authz.test.ts: who may call what (api-v1.md, and the additions in
 * docs/api-additions.md), and which /:id routes check object scope (SEC-07). Every registered route
 * must have a row here with the same roles and scope check, and every row must be registered.
 */
export type Auth = 'public' | readonly Role[];
const PUBLIC = 'public' as const;
/** Every signed-in user, the auditor included: one's own session, password, second factor, inbox. */
const EVERYONE: readonly Role[] = ROLES;
/**
 * Every role that takes part in the call (reads applications in its scope) — all but the security
 * auditor (安全审计员), who reads the audit log and nothing else (SEC-08).
 */
const PARTICIPANTS: readonly Role[] = ['applicant', 'industry_authority', 'district_hr', 'center', 'expert', 'bureau', 'admin'];
export type ScopeKind = 'application' | 'item';
export interface PolicyRow {
  auth: Auth;
  scope?: ScopeKind;
  missing?: string;
}
const API = '/api/v1';
export const POLICY: Record<string, PolicyRow> = {
  // accounts
  [`POST ${API}/auth/register`]: { auth: PUBLIC },
  [`POST ${API}/auth/login`]: { auth: PUBLIC },
  [`POST ${API}/auth/login/totp`]: { auth: PUBLIC },
  [`POST ${API}/auth/logout`]: { auth: EVERYONE },
  [`GET ${API}/auth/me`]: { auth: EVERYONE },
  [`POST ${API}/auth/password`]: { auth: EVERYONE },
  [`POST ${API}/auth/totp/enroll`]: { auth: EVERYONE },
  [`POST ${API}/auth/totp/confirm`]: { auth: EVERYONE },
  [`POST ${API}/users`]: { auth: ['admin'] },
  [`GET ${API}/users`]: { auth: ['admin'] },
  [`POST ${API}/users/:id/unlock`]: { auth: ['admin'] },
  // 忘记密码 (issue 13): a link to the registered contact e-mail, or the administrator's reset
  [`POST ${API}/auth/password-reset`]: { auth: PUBLIC },
  [`POST ${API}/auth/password-reset/confirm`]: { auth: PUBLIC },
  [`POST ${API}/users/:id/password-reset`]: { auth: ['admin'] },
  [`GET ${API}/experts`]: { auth: ['center', 'admin'] },
  // 资格审核 (通知 一): an organisation whose USCC type needs the centre's review
  [`POST ${API}/organizations/:id/eligibility-review`]: { auth: ['center'] },
  // campaigns and catalogue
  [`GET ${API}/campaigns`]: { auth: PUBLIC },
  [`POST ${API}/campaigns`]: { auth: ['admin', 'center'] },
  [`GET ${API}/campaigns/:id/items`]: { auth: PUBLIC },
  [`POST ${API}/campaigns/:id/window`]: { auth: ['admin', 'center'] },
  // 附件注: the catalogue follows the 大典 — edited before the window opens, only added to afterwards
  [`POST ${API}/campaigns/:id/items`]: { auth: ['admin', 'center'] },
  [`PATCH ${API}/campaigns/:id/items/:itemId`]: { auth: ['admin', 'center'] },
  [`DELETE ${API}/campaigns/:id/items/:itemId`]: { auth: ['admin', 'center'] },
  // calendar
  [`GET ${API}/calendar/working-days`]: { auth: PUBLIC },
  [`GET ${API}/calendar/years`]: { auth: PUBLIC },
  [`GET ${API}/calendar/days`]: { auth: PUBLIC },
  [`PUT ${API}/calendar/days/:date`]: { auth: ['admin'] },
  [`PUT ${API}/calendar/years/:year`]: { auth: ['admin'] },
  // industry authorities (api-v1 second reading)
  [`GET ${API}/authorities`]: { auth: EVERYONE.filter((r) => r !== 'auditor') },
  [`POST ${API}/authorities`]: { auth: ['admin'] },
  [`PATCH ${API}/authorities/:id`]: { auth: ['admin'] },
  // applications
  [`POST ${API}/applications`]: { auth: ['applicant'] },
  [`GET ${API}/applications`]: { auth: PARTICIPANTS },
  [`GET ${API}/applications/:id`]: { auth: PARTICIPANTS, scope: 'application' },
  [`PATCH ${API}/applications/:id`]: { auth: ['applicant'], scope: 'application' },
  [`GET ${API}/applications/:id/checklist`]: { auth: PARTICIPANTS, scope: 'application' },
  [`POST ${API}/applications/:id/request-recommendation`]: { auth: ['applicant'], scope: 'application' },
  [`POST ${API}/applications/:id/recommendations`]: { auth: ['industry_authority', 'district_hr', 'center'], scope: 'application' },
  [`POST ${API}/applications/:id/submit`]: { auth: ['applicant'], scope: 'application' },
  [`POST ${API}/applications/:id/withdraw`]: { auth: ['applicant'], scope: 'application' },
  [`POST ${API}/applications/:id/acceptance`]: { auth: ['center'], scope: 'application' },
  [`POST ${API}/applications/:id/experts`]: { auth: ['center'], scope: 'application' },
  [`POST ${API}/applications/:id/expert-reviews`]: { auth: ['expert'], scope: 'application' },
  [`POST ${API}/applications/:id/site-inspections`]: { auth: ['center'], scope: 'application' },
  [`POST ${API}/applications/:id/institution-evaluation`]: { auth: ['center'], scope: 'application' },
  [`GET ${API}/application-items`]: { auth: ['applicant', 'center', 'bureau', 'admin'] },
  [`POST ${API}/application-items/:id/project-submission`]: { auth: ['applicant'], scope: 'item' },
  [`POST ${API}/application-items/:id/project-evaluation`]: { auth: ['center'], scope: 'item' },
  [`POST ${API}/application-items/:id/approval`]: { auth: ['bureau'], scope: 'item' },
  [`GET ${API}/applications/:id/form.pdf`]: { auth: PARTICIPANTS, scope: 'application' },
  // materials
  [`POST ${API}/applications/:id/materials`]: { auth: ['applicant', 'industry_authority', 'district_hr', 'center'], scope: 'application' },
  [`GET ${API}/applications/:id/materials/:materialId`]: { auth: PARTICIPANTS, scope: 'application' },
  [`DELETE ${API}/applications/:id/materials/:materialId`]: { auth: ['applicant'], scope: 'application' },
  // publicity and objections
  [`POST ${API}/publicities`]: { auth: ['center'] },
  [`GET ${API}/publicities`]: { auth: ['center', 'bureau', 'admin'] },
  [`GET ${API}/public/publicities`]: { auth: PUBLIC },
  [`GET ${API}/public/publicities/:id`]: { auth: PUBLIC },
  [`POST ${API}/public/publicities/:id/objections`]: { auth: PUBLIC },
  [`GET ${API}/objections`]: { auth: ['center'] },
  [`POST ${API}/objections/:id/resolution`]: { auth: ['center'] },
  // filings and registry
  [`GET ${API}/filings`]: { auth: ['center', 'bureau', 'applicant', 'admin'] },
  [`GET ${API}/filings/:receiptNo`]: { auth: ['center', 'bureau', 'applicant', 'admin'] },
  [`POST ${API}/filings/:receiptNo/revoke`]: { auth: ['bureau'] },
  [`POST ${API}/filings/:receiptNo/suspend`]: { auth: ['bureau', 'center'] },
  [`POST ${API}/filings/:receiptNo/resume`]: { auth: ['bureau', 'center'] },
  [`GET ${API}/filings/:receiptNo/receipt.pdf`]: { auth: ['center', 'bureau', 'applicant', 'admin'] },
  // reports and exports
  [`GET ${API}/reports/filings.xlsx`]: { auth: ['center', 'bureau'] },
  [`GET ${API}/reports/applications.xlsx`]: { auth: ['center'] },
  [`GET ${API}/reports/applications.csv`]: { auth: ['center'] },
  // report to the national centre (api-v1 "Rules clarified"; docs/api-additions.md: the list)
  [`POST ${API}/reports/national-batches`]: { auth: ['center'] },
  [`GET ${API}/reports/national-batches`]: { auth: ['center', 'bureau', 'admin'] },
  [`GET ${API}/reports/national-batches/:id.xlsx`]: { auth: ['center', 'bureau', 'admin'] },
  // statistics (the centre's dashboard)
  [`GET ${API}/statistics`]: { auth: ['center', 'bureau', 'admin'] },
  // notifications: every signed-in user's own inbox
  [`GET ${API}/inbox`]: { auth: EVERYONE },
  [`POST ${API}/inbox/:id/read`]: { auth: EVERYONE },
  [`POST ${API}/inbox/read-all`]: { auth: EVERYONE },
  // the back office's menu and tab counts in one request (issue 13)
  [`GET ${API}/work-counts`]: { auth: EVERYONE },
  [`GET ${API}/public/filings/:receiptNo`]: { auth: PUBLIC },
  [`GET ${API}/public/filings/:receiptNo/proof`]: { auth: PUBLIC },
  [`GET ${API}/public/keys`]: { auth: PUBLIC },
  [`GET ${API}/public/log/checkpoint`]: { auth: PUBLIC },
  [`GET ${API}/public/log/key`]: { auth: PUBLIC },
  [`GET ${API}/public/log/consistency`]: { auth: PUBLIC },
  [`GET ${API}/public/organizations`]: { auth: PUBLIC },
  [`GET ${API}/public/districts`]: { auth: PUBLIC },
  // system, audit
  [`GET ${API}/health`]: { auth: PUBLIC },
  [`GET ${API}/ready`]: { auth: PUBLIC },
  [`GET ${API}/system/clock`]: { auth: PUBLIC },
  [`PUT ${API}/system/clock`]: { auth: ['admin'] },
  [`GET ${API}/audit`]: { auth: ['admin', 'center', 'auditor'] },
  [`GET ${API}/audit/verify`]: { auth: ['admin', 'auditor'] },
  [`GET ${API}/system/blobs/verify`]: { auth: ['admin'] },
  [`POST ${API}/system/blobs/cleanup`]: { auth: ['admin'] },
  [`GET ${API}/openapi.json`]: { auth: PUBLIC },
  ['GET /health']: { auth: PUBLIC },
  ['GET /metrics']: { auth: PUBLIC },
};
