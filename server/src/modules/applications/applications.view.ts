import type { z } from 'zod';
import { DECLARATION_CLAUSES, type applicationSchema } from '../../../../contract/applications.js';
import type { FilingStatus } from '../../../../contract/enums.js';
import { eligibilityReviewView } from '../accounts/eligibility-review.service.js';
import { workingDaysLeft, type WorkingCalendar } from '../../workflow/calendar.js';
import { requiredRecommenders, recommendationOf } from '../../workflow/checklist.js';
import { toShanghaiIso } from '../../workflow/time.js';
import { openPersonal } from '../../platform/crypto/personal-data.js';
import { toCase, type Aggregate } from './application-aggregate.repository.js';

export type ApplicationView = z.infer<typeof applicationSchema>;

const iso = (d: Date | string) => toShanghaiIso(new Date(d));
const opt = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

export function filingView(
  f: {
    receipt_no: string;
    application_item_id: string;
    filed_on: string;
    valid_until: string;
    status: FilingStatus;
    revoked_at: Date | string | null;
    revoke_reason: string | null;
    suspended_at?: Date | string | null;
    suspend_reason?: string | null;
    reported_at?: Date | string | null;
  },
  org: { id: string; name: string; uscc: string },
  item: { name: string; seq: number; occupation_code: string | null; levels: number[] },
) {
  return {
    receiptNo: f.receipt_no,
    organizationId: org.id,
    organizationName: org.name,
    uscc: org.uscc,
    applicationItemId: f.application_item_id,
    itemName: item.name,
    itemSeq: item.seq,
    occupationCode: item.occupation_code,
    levels: item.levels,
    filedOn: f.filed_on,
    validUntil: f.valid_until,
    status: f.status,
    ...(f.revoked_at ? { revokedAt: iso(f.revoked_at) } : {}),
    ...(f.revoke_reason ? { revokeReason: f.revoke_reason } : {}),
    ...(f.suspended_at ? { suspendedAt: iso(f.suspended_at) } : {}),
    ...(f.suspend_reason ? { suspendReason: f.suspend_reason } : {}),
    ...(f.reported_at ? { reportedAt: iso(f.reported_at) } : {}),
  };
}

function withDaysLeft(dueOn: string | null, daysLeft: DaysLeft | undefined): { projectEvaluationWorkingDaysLeft?: number } {
  const n = dueOn && daysLeft ? daysLeft(dueOn) : undefined;
  return n === undefined ? {} : { projectEvaluationWorkingDaysLeft: n };
}

/** 一(一)–(六) as declared: every clause (one never answered counts as not affirmed), who and when all six were affirmed. */
function declarationsView(app: Aggregate['app']): NonNullable<ApplicationView['declarations']> {
  const stored = app.declarations ?? {};
  return {
    clauses: Object.fromEntries(DECLARATION_CLAUSES.map((k) => [k, stored[k] === true])) as NonNullable<ApplicationView['declarations']>['clauses'],
    ...(app.declared_at ? { declaredAt: iso(app.declared_at) } : {}),
    ...(app.declared_by ? { declaredBy: app.declared_by } : {}),
  };
}

/** Working days left until a date by the working-day calendar, seen today (undefined: a year in between is not loaded). */
export type DaysLeft = (dueOn: string) => number | undefined;

/**
 * The view as seen today: each running project evaluation (三(四)) says how many working days are
 * left, by the working-day calendar at the revision the aggregate was read with (a node's copy —
 * read only when such a clock runs). `today` comes from the injected clock.
 */
export async function toViewOn(g: Aggregate, today: string, calendarAt: (revision: string) => Promise<WorkingCalendar>): Promise<ApplicationView> {
  if (!g.items.some((i) => i.status === 'project_evaluation' && i.project_evaluation_due_on)) return toView(g);
  const cal = await calendarAt(g.app.calendar_revision ?? '');
  return toView(g, (dueOn) => workingDaysLeft(cal, today, dueOn) ?? undefined);
}

/** The stored aggregate as API v1's `application` — never a database row leaking out. */
export function toView(g: Aggregate, daysLeft?: DaysLeft): ApplicationView {
  const { app } = g;
  const c = toCase(g);
  const org = { id: app.organization_id, name: app.org_name, uscc: app.uscc };
  return {
    id: app.id,
    campaignId: app.campaign_id,
    version: app.version,
    organization: {
      id: app.organization_id,
      name: app.org_name,
      uscc: app.uscc,
      legalForm: app.legal_form,
      district: app.org_district,
      address: app.org_address,
      legalRepresentative: app.legal_representative,
      contactName: app.contact_name,
      contactPhone: openPersonal(app.contact_phone),
      contactEmail: app.contact_email,
      eligibility: app.eligibility,
      eligibilityReview: app.eligibility_review ? eligibilityReviewView(app.eligibility_review) : null,
    },
    status: c.status,
    industryAuthority: app.industry_authority,
    items: g.items.map((i) => {
      const f = g.filings.find((x) => x.application_item_id === i.id);
      return {
        id: i.id,
        itemId: i.campaign_item_id,
        seq: i.seq,
        name: i.name,
        occupationCode: i.occupation_code,
        levels: i.levels,
        status: i.status,
        ...(i.project_evaluation_due_on ? { projectEvaluationDueOn: i.project_evaluation_due_on } : {}),
        ...withDaysLeft(i.status === 'project_evaluation' ? i.project_evaluation_due_on : null, daysLeft),
        ...(f ? { filing: filingView(f, org, i) } : {}),
      };
    }),
    sites: g.sites.map((s) => ({ id: s.id, name: s.name, address: s.address, district: s.district })),
    materials: g.materials.map((m) => ({
      id: m.id,
      kind: m.kind,
      ...(m.item_id ? { itemId: m.item_id } : {}),
      ...(m.site_id ? { siteId: m.site_id } : {}),
      fileName: m.file_name,
      size: Number(m.size),
      sha256: m.sha256,
      uploadedAt: iso(m.uploaded_at),
    })),
    recommendations: g.recommendations.map((r) => ({
      role: r.role as 'industry_authority' | 'district_hr',
      ...(r.district ? { district: r.district } : {}),
      ...(r.authority ? { authority: r.authority } : {}),
      decision: r.decision as 'recommend' | 'decline',
      comment: r.comment,
      at: iso(r.at),
      round: r.round,
      ...(r.letter_material_id ? { letterMaterialId: r.letter_material_id } : {}),
      ...(r.recorded_on_paper ? { recordedBy: { role: 'center' as const, userId: r.by_user, displayName: r.by_display_name } } : {}),
    })),
    requiredRecommendations: requiredRecommenders(c).map((need) => ({
      role: need.role,
      ...(need.district ? { district: need.district } : {}),
      ...(need.authority ? { authority: need.authority } : {}),
      decision: recommendationOf(c, need)?.decision ?? 'pending',
    })),
    experts: g.experts.map((e) => ({ id: e.expert_id, displayName: e.display_name, assignedAt: iso(e.assigned_at) })),
    expertReviews: g.reviews.map((r) => ({
      expertId: r.expert_id,
      expertName: r.display_name,
      conflictOfInterest: r.conflict_of_interest,
      score: r.score === null ? null : Number(r.score),
      opinion: r.opinion,
      recommendation: r.recommendation as 'pass' | 'fail' | null,
      at: iso(r.at),
    })),
    siteInspections: g.inspections.map((i) => ({
      id: i.id,
      siteId: i.site_id,
      inspectedOn: i.inspected_on,
      inspectors: i.inspectors,
      findings: i.findings,
      result: i.result as 'pass' | 'fail',
      at: iso(i.at),
    })),
    ...(app.declarations ? { declarations: declarationsView(app) } : {}),
    ...(app.submitted_at ? { submittedAt: iso(app.submitted_at) } : {}),
    ...(app.correction_due_on ? { correctionDueOn: app.correction_due_on } : {}),
    ...(app.institution_passed_on ? { institutionPassedOn: app.institution_passed_on } : {}),
    createdAt: iso(app.created_at),
    updatedAt: iso(app.updated_at),
    history: g.events.map((e) => ({
      at: iso(e.at),
      actor: e.actor_label,
      action: e.action,
      ...(e.item_id ? { itemId: e.item_id } : {}),
      ...(opt(e.from_status) ? { from: e.from_status as string } : {}),
      ...(opt(e.to_status) ? { to: e.to_status as string } : {}),
      ...(opt(e.note) ? { note: e.note as string } : {}),
    })),
  };
}
