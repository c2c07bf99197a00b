import { z } from 'zod';
import { ELIGIBILITY, LEGAL_FORMS, ROLES } from './enums.js';
import { districtCode, optionalText, text, uuid } from './common.js';

export const username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.@-]{3,64}$/, '用户名为 3–64 位字母、数字或 _ . @ -');
export const password = z.string().min(1).max(128);

export const userSchema = z
  .object({
    id: uuid,
    username: z.string(),
    role: z.enum(ROLES),
    displayName: z.string(),
    organizationId: uuid.optional(),
    district: z.string().optional(),
    authority: z.string().optional(),
    mfaEnrolled: z.boolean().optional(),
  })
  .meta({ id: 'User' });

export const organizationInput = z.strictObject({
  name: text(200),
  uscc: z.string().trim().min(1).max(40),
  legalForm: z.enum(LEGAL_FORMS),
  district: districtCode,
  address: text(300),
  legalRepresentative: text(50),
  contactName: text(50),
  contactPhone: z
    .string()
    .trim()
    .regex(/^[0-9+\-() ]{7,20}$/, '请填写有效的联系电话'),
  contactEmail: z.email().max(200),
});

/**
 * The centre's eligibility review of an organisation whose USCC type needs one (通知 一; api-v1
 * "Eligibility by USCC"): what it decided, why, when and who. Shown to the applicant.
 */
export const eligibilityReviewSchema = z
  .object({
    decision: z.enum(['eligible', 'not_eligible']),
    reason: z.string(),
    at: z.string(),
    /** the reviewer's name */
    by: z.string(),
  })
  .meta({ id: 'EligibilityReview' });

/** POST /organizations/:id/eligibility-review (center) */
export const eligibilityReviewBody = z.strictObject({
  decision: z.enum(['eligible', 'not_eligible']),
  reason: text(2000, 2),
});
export const eligibilityReviewResponse = z.object({
  organizationId: uuid,
  eligibility: z.enum(ELIGIBILITY),
  eligibilityReview: eligibilityReviewSchema,
});

export const organizationSchema = z
  .object({
    id: uuid,
    name: z.string(),
    uscc: z.string(),
    legalForm: z.enum(LEGAL_FORMS),
    district: z.string(),
    address: z.string(),
    legalRepresentative: z.string(),
    contactName: z.string(),
    contactPhone: z.string(),
    contactEmail: z.string(),
    eligibility: z.enum(ELIGIBILITY),
    /** the centre's latest eligibility review, when there is one */
    eligibilityReview: eligibilityReviewSchema.nullable().optional(),
  })
  .meta({ id: 'Organization' });

export const registerBody = z.strictObject({ username, password, organization: organizationInput });
export const loginBody = z.strictObject({ username: z.string().trim().min(1).max(64), password });
export const totpLoginBody = z.strictObject({ challenge: z.string().min(10).max(100), code: z.string().regex(/^\d{6}$/) });
/** 忘记密码 (issue 13): the username and the contact e-mail registered for the organisation. */
export const passwordResetRequestBody = z.strictObject({ username: z.string().trim().min(1).max(64), email: z.string().trim().min(3).max(200) });
export const passwordResetRequestResponse = z.object({ detail: z.string() });
export const passwordResetConfirmBody = z.strictObject({ token: z.string().trim().min(20).max(100), newPassword: password });
export const adminPasswordResetResponse = z.object({ temporaryPassword: z.string() });
export const changePasswordBody = z.strictObject({ currentPassword: password, newPassword: password });
export const totpConfirmBody = z.strictObject({ code: z.string().regex(/^\d{6}$/, '动态口令为 6 位数字') });
export const createUserBody = z.strictObject({
  username,
  password,
  role: z.enum(ROLES),
  displayName: text(100),
  district: districtCode.optional(),
  authority: optionalText(100).optional(),
});
/** GET /auth/me — the signed-in user, the CSRF token to send with each change, and whether the password must be changed first. */
export const sessionSchema = z.object({ user: userSchema, mustChangePassword: z.boolean(), csrfToken: z.string() }).meta({ id: 'Session' });

/** GET /users — a page of accounts (by username), filtered by role and searched by any part of the username or name. */
export const userListQuery = z.strictObject({
  role: z.enum(ROLES).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** …with whether each is locked out (SEC-02), and how many match in all. */
export const userListSchema = z.object({ items: z.array(userSchema.extend({ locked: z.boolean() })), total: z.number().int() }).meta({ id: 'UserPage' });

export const loginResponse = z.union([
  z.object({ user: userSchema, csrfToken: z.string(), mustChangePassword: z.boolean().optional() }),
  z.object({ mfaRequired: z.literal(true), challenge: z.string() }),
]);

/**
 * GET /experts — the enabled expert accounts the centre may assign (三(三) 专家论证): the account's
 * id, its display name and its username (to tell two experts of the same name apart); nothing else.
 */
export const expertSummarySchema = z.strictObject({ id: uuid, displayName: z.string(), username: z.string() }).meta({ id: 'ExpertSummary' });
export const expertListSchema = z.strictObject({ items: z.array(expertSummarySchema) });
