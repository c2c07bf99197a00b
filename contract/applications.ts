import { z } from 'zod';
import { APPLICATION_STATUSES, FILING_STATUSES, ITEM_STATUSES, MATERIAL_KINDS } from './enums.js';
import { districtCode, isoDate, level, optionalText, text, uuid } from './common.js';
import { organizationSchema } from './accounts.js';

/** 一(一)–(六): the six conditions of the notice's clause 一 the applicant declares, by the notice's own numbers. */
export const DECLARATION_CLAUSES = ['一(一)', '一(二)', '一(三)', '一(四)', '一(五)', '一(六)'] as const;
export type DeclarationClause = (typeof DECLARATION_CLAUSES)[number];

/** true: the applicant affirms it meets the condition (符合); false: not affirmed. */
const clauseAnswer = z.boolean({ error: '每项条件须答 true（符合）或 false（未声明符合）' });
const clauseAnswers = z.strictObject(
  { '一(一)': clauseAnswer, '一(二)': clauseAnswer, '一(三)': clauseAnswer, '一(四)': clauseAnswer, '一(五)': clauseAnswer, '一(六)': clauseAnswer },
  {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `申报条件声明只含通知 一(一)至一(六) 六项，不认识：${iss.keys.join('、')}`
        : '申报条件声明须逐条给出 一(一)至一(六) 六项',
  },
);

/** The declaration as the applicant gives it: every clause, each affirmed or not (replaced as a whole). */
export const declarationsInput = z.strictObject({ clauses: clauseAnswers });

export const applicationInput = z.strictObject({
  campaignId: uuid,
  industryAuthority: text(100),
  items: z.array(z.strictObject({ itemId: uuid, levels: z.array(level).max(5) })).max(89),
  sites: z.array(z.strictObject({ name: text(200), address: text(300), district: districtCode })).max(50),
  /** optional: API clients may leave it out (it is not a condition of `submit`) */
  declarations: declarationsInput.optional(),
});
export const applicationPatch = applicationInput.omit({ campaignId: true }).partial().extend({ version: z.number().int().positive().optional() }).strict();

export const filingSchema = z
  .object({
    receiptNo: z.string(),
    organizationId: uuid,
    organizationName: z.string(),
    uscc: z.string(),
    applicationItemId: uuid,
    itemName: z.string(),
    itemSeq: z.number().int(),
    occupationCode: z.string().nullable(),
    levels: z.array(z.number().int()),
    filedOn: isoDate,
    validUntil: isoDate,
    status: z.enum(FILING_STATUSES),
    revokedAt: z.string().optional(),
    revokeReason: z.string().optional(),
    /** 暂停 (supervision): when and why; cleared when it is resumed */
    suspendedAt: z.string().optional(),
    suspendReason: z.string().optional(),
    /** when the filing was reported to the national centre in a report batch (POST /reports/national-batches) */
    reportedAt: z.string().optional(),
  })
  .meta({ id: 'Filing' });

export const materialSchema = z
  .object({
    id: uuid,
    kind: z.enum(MATERIAL_KINDS),
    itemId: uuid.optional(),
    /** the assessment site a 现场考察照片 (site_photo) shows */
    siteId: uuid.optional(),
    fileName: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    uploadedAt: z.string(),
  })
  .meta({ id: 'Material' });

export const applicationSchema = z
  .object({
    id: uuid,
    campaignId: uuid,
    version: z.number().int(),
    organization: organizationSchema,
    status: z.enum(APPLICATION_STATUSES),
    industryAuthority: z.string(),
    items: z.array(
      z.object({
        id: uuid,
        itemId: uuid,
        seq: z.number().int(),
        name: z.string(),
        occupationCode: z.string().nullable(),
        levels: z.array(z.number().int()),
        status: z.enum(ITEM_STATUSES),
        projectEvaluationDueOn: isoDate.optional(),
        /** while the project evaluation runs: working days after today up to its due date, by the working-day calendar (absent when a year in between is not loaded) */
        projectEvaluationWorkingDaysLeft: z.number().int().min(0).optional(),
        filing: filingSchema.optional(),
      }),
    ),
    sites: z.array(z.object({ id: uuid, name: z.string(), address: z.string(), district: z.string() })),
    materials: z.array(materialSchema),
    recommendations: z.array(
      z.object({
        role: z.enum(['industry_authority', 'district_hr']),
        district: z.string().optional(),
        authority: z.string().optional(),
        decision: z.enum(['recommend', 'decline']),
        comment: z.string(),
        at: z.string(),
        round: z.number().int(),
        letterMaterialId: uuid.optional(),
        /** set when the centre recorded a recommendation received on paper */
        recordedBy: z.object({ role: z.literal('center'), userId: uuid, displayName: z.string() }).optional(),
      }),
    ),
    requiredRecommendations: z.array(
      z.object({
        role: z.enum(['industry_authority', 'district_hr']),
        district: z.string().optional(),
        authority: z.string().optional(),
        decision: z.enum(['recommend', 'decline', 'pending']),
      }),
    ),
    experts: z.array(z.object({ id: uuid, displayName: z.string(), assignedAt: z.string() })),
    expertReviews: z.array(
      z.object({
        expertId: uuid,
        expertName: z.string(),
        conflictOfInterest: z.boolean(),
        score: z.number().nullable(),
        opinion: z.string(),
        recommendation: z.enum(['pass', 'fail']).nullable(),
        at: z.string(),
      }),
    ),
    siteInspections: z.array(
      z.object({
        id: uuid,
        siteId: uuid,
        inspectedOn: isoDate,
        inspectors: z.array(z.string()),
        findings: z.string(),
        result: z.enum(['pass', 'fail']),
        at: z.string(),
      }),
    ),
    /** 一(一)–(六) as the applicant declared them; absent when nothing was ever declared */
    declarations: z
      .object({
        clauses: z.object({
          '一(一)': z.boolean(),
          '一(二)': z.boolean(),
          '一(三)': z.boolean(),
          '一(四)': z.boolean(),
          '一(五)': z.boolean(),
          '一(六)': z.boolean(),
        }),
        /** when all six were last affirmed together, and by which account; absent while any is not affirmed */
        declaredAt: z.string().optional(),
        declaredBy: uuid.optional(),
      })
      .meta({ id: 'Declarations' })
      .optional(),
    submittedAt: z.string().optional(),
    correctionDueOn: isoDate.optional(),
    institutionPassedOn: isoDate.optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    history: z.array(
      z.object({
        at: z.string(),
        actor: z.string(),
        action: z.string(),
        itemId: uuid.optional(),
        from: z.string().optional(),
        to: z.string().optional(),
        note: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'Application' });

/**
 * A work list's split (issue 10/13): `mine` — waiting for the caller's own act (a recommender's line
 * not yet given in the current round, an expert's review not yet given on an accepted case, the
 * centre's acceptance or evaluation, the bureau's consent, the applicant's next step); `handled` —
 * the caller acted on it and it no longer waits for them. Without it: everything in scope.
 */
export const WORK_QUEUES = ['mine', 'handled'] as const;
export const APPLICATION_SORTS = ['-updatedAt', 'updatedAt', '-submittedAt', 'submittedAt', 'organizationName'] as const;

export const applicationListQuery = z.strictObject({
  campaignId: uuid.optional(),
  status: z.enum(APPLICATION_STATUSES).optional(),
  /** any part of the organisation's name, or the start of its USCC (full-width input folded) */
  q: z.string().trim().min(1).max(100).optional(),
  queue: z.enum(WORK_QUEUES).optional(),
  /** default -updatedAt (latest change first); submittedAt puts the never-submitted last */
  sort: z.enum(APPLICATION_SORTS).default('-updatedAt'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const applicationSummarySchema = z.object({
  id: uuid,
  campaignId: uuid,
  organizationId: uuid,
  organizationName: z.string(),
  uscc: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  industryAuthority: z.string(),
  itemCount: z.number().int(),
  districts: z.array(z.string()),
  submittedAt: z.string().optional(),
  correctionDueOn: isoDate.optional(),
  updatedAt: z.string(),
  /** whether it waits for the caller's own act (the `queue=mine` condition) */
  awaitingMe: z.boolean(),
  /** recommenders: their own department's latest recommendation on it, and whether it is of the current round */
  myRecommendation: z.object({ decision: z.enum(['recommend', 'decline']), at: z.string(), currentRound: z.boolean() }).optional(),
  /** experts: their own review */
  myReview: z
    .object({
      conflictOfInterest: z.boolean(),
      score: z.number().nullable(),
      recommendation: z.enum(['pass', 'fail']).nullable(),
      opinion: z.string(),
      at: z.string(),
    })
    .optional(),
});

export const ITEM_SORTS = ['-updatedAt', 'updatedAt', 'organizationName', 'dueOn'] as const;

/** `GET /application-items`: items across applications, for those who decide item by item (centre, bureau). */
export const applicationItemListQuery = z.strictObject({
  campaignId: uuid.optional(),
  status: z.enum(ITEM_STATUSES).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  queue: z.enum(WORK_QUEUES).optional(),
  /** dueOn: the 3-month project-evaluation date, earliest first */
  sort: z.enum(ITEM_SORTS).default('-updatedAt'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const applicationItemSummarySchema = z.object({
  id: uuid,
  applicationId: uuid,
  campaignId: uuid,
  organizationId: uuid,
  organizationName: z.string(),
  uscc: z.string(),
  seq: z.number().int(),
  name: z.string(),
  occupationCode: z.string().nullable(),
  levels: z.array(z.number().int()),
  status: z.enum(ITEM_STATUSES),
  applicationStatus: z.enum(APPLICATION_STATUSES),
  projectEvaluationDueOn: isoDate.optional(),
  awaitingMe: z.boolean(),
  updatedAt: z.string(),
});

export const recommendationBody = z.strictObject({
  decision: z.enum(['recommend', 'decline']),
  comment: optionalText(2000).default(''),
  letterMaterialId: uuid.optional(),
  /** the centre only: the recommender on whose behalf a paper recommendation is recorded */
  onBehalfOf: z
    .strictObject({
      role: z.enum(['industry_authority', 'district_hr']),
      district: z.string().trim().min(1).max(100).optional(),
      authority: z.string().trim().min(1).max(200).optional(),
    })
    .optional(),
});
export const acceptanceBody = z.strictObject({ decision: z.enum(['accept', 'return', 'reject']), reason: optionalText(2000).default('') });
export const expertsBody = z.strictObject({ expertUserIds: z.array(uuid).min(1).max(30) });
export const expertReviewBody = z.strictObject({
  conflictOfInterest: z.boolean(),
  score: z.number().min(0).max(100).optional(),
  opinion: optionalText(5000).default(''),
  recommendation: z.enum(['pass', 'fail']).optional(),
});
export const siteInspectionBody = z.strictObject({
  siteId: uuid,
  inspectedOn: isoDate,
  inspectors: z.array(text(50)).min(1).max(20),
  findings: text(5000),
  result: z.enum(['pass', 'fail']),
});
/** 三(四): the applicant's submission of its project-evaluation materials for one item */
export const projectSubmissionBody = z.strictObject({ note: optionalText(2000).default('') });
export const evaluationBody = z.strictObject({ result: z.enum(['pass', 'fail']), summary: optionalText(5000).default('') });
export const approvalBody = z.strictObject({ decision: z.enum(['approve', 'reject']), comment: optionalText(2000).default('') });
export const submitBody = z.strictObject({ idempotencyKey: z.string().min(8).max(100).optional() }).optional();
