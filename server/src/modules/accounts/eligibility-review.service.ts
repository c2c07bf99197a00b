/**
 * 资格审核: the centre's eligibility review of an organisation whose USCC type the notice neither
 * admits nor bars by name (通知 一, 一(一); api-v1 "Eligibility by USCC"). Until it is recorded, the
 * organisation's applications cannot be accepted (decide: acceptance → ELIGIBILITY_REVIEW).
 */
import type { z } from 'zod';
import type { eligibilityReviewBody } from '../../../../contract/accounts.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import type { Db, Tx } from '../../platform/db/database.js';
import type { SessionActor } from '../../platform/http/types.js';
import { refuse } from '../../workflow/refusal.js';
import { toShanghaiIso } from '../../workflow/time.js';
import { notifyOrganizations } from '../notifications/notifications.service.js';
import { latestReviewRow, lockOrganization, recordReview } from './eligibility-review.repository.js';

export interface EligibilityReviewView {
  decision: 'eligible' | 'not_eligible';
  reason: string;
  at: string;
  by: string;
}

/** The review in force: the latest one recorded for the organisation, or null. */
export async function latestEligibilityReview(db: Db | Tx, organizationId: string): Promise<EligibilityReviewView | null> {
  const r = await latestReviewRow(db, organizationId);
  return r ? eligibilityReviewView(r) : null;
}

/** A stored review as the API shows it (also used for the JSON the application view selects). */
export function eligibilityReviewView(r: { decision: string; reason: string; reviewed_at: Date | string; reviewer_name: string }): EligibilityReviewView {
  return { decision: r.decision as EligibilityReviewView['decision'], reason: r.reason, at: toShanghaiIso(new Date(r.reviewed_at)), by: r.reviewer_name };
}

export async function reviewEligibility(
  ctx: ServiceContext,
  organizationId: string,
  input: z.infer<typeof eligibilityReviewBody>,
  actor: SessionActor,
  who: AuditActor,
) {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const org = await lockOrganization(tx, organizationId);
    if (!org) refuse('NOT_FOUND', '申报单位不存在。');
    const before = await latestEligibilityReview(tx, org.id);
    // Only a type the notice leaves open is reviewed; a reviewed organisation may be reviewed again
    // (new facts), the earlier review is kept.
    if (org.eligibility === 'eligible' && !before) {
      refuse('CONFLICT', `“${org.name}”的统一社会信用代码类型（企业、社会团体、民办非企业单位、农民专业合作社）本身符合申报条件，无需资格审核。`, '一');
    }
    await recordReview(tx, {
      organizationId: org.id,
      decision: input.decision,
      reason: input.reason,
      at: now,
      reviewerId: actor.id,
      reviewerName: actor.displayName,
    });
    await appendAudit(
      tx,
      who,
      {
        action: 'organization.eligibility_review',
        entityType: 'organization',
        entityId: org.id,
        before: { eligibility: org.eligibility, ...(before ? { review: before } : {}) },
        after: { eligibility: input.decision, uscc: org.uscc, reason: input.reason },
      },
      now,
    );
    const outcome = input.decision === 'eligible' ? '符合申报条件' : '不符合申报条件';
    await notifyOrganizations(
      tx,
      ctx.config,
      [
        {
          organizationId: org.id,
          message: {
            kind: 'status_changed',
            title: `申报单位资格审核：${outcome}`,
            body: `市职鉴中心已审核贵单位（统一社会信用代码 ${org.uscc}）的申报资格：${outcome}。说明：${input.reason}${input.decision === 'eligible' ? '' : '（通知 一、一(一)）'}`,
            link: '/app/my',
            entityType: 'organization',
            entityId: org.id,
          },
        },
      ],
      now,
    );
    const review = (await latestEligibilityReview(tx, org.id))!;
    return { organizationId: org.id, eligibility: input.decision, eligibilityReview: review };
  });
}
