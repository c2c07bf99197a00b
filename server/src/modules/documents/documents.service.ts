import crypto from 'node:crypto';
import {
  FILING_STATUS_LABELS,
  APPLICATION_STATUS_LABELS,
  MATERIAL_KIND_LABELS,
  REQUIRED_MATERIAL_KINDS,
  SAMPLE_PAPERS_PER_ITEM,
  SKILL_LEVEL_LABELS,
} from '../../../../contract/enums.js';
import { recordAudit } from '../../platform/audit/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import type { SessionActor } from '../../platform/http/types.js';
import type { AuditActor } from '../../platform/audit/audit.js';
import { toShanghaiIso } from '../../workflow/time.js';
import { refuse } from '../../workflow/refusal.js';
import type { ApplicationsService, Caller } from '../applications/applications.service.js';
import type { ApplicationView } from '../applications/applications.view.js';
import type { FilingsService } from '../filings/filings.service.js';
import { levelsText, renderApplicationForm, type ApplicationFormData } from './application-form.js';
import { createReceiptSigner, renderReceipt, type ReceiptSigner } from './filing-receipt.js';
import { campaignTitle, districts, receiptFacts, username } from './documents.repository.js';
import { filingIntegrity } from '../filings/integrity.service.js';
import { LEGAL_FORM_LABELS } from './notice-text.js';

export { FILING_STATUS_LABELS };

export interface PdfDocument {
  pdf: Buffer;
  fileName: string;
}

/** The verification page of a receipt, on PUBLIC_BASE_URL (or the server's own URL). */
export function verifyUrl(baseUrl: string, receiptNo: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/verify/${encodeURIComponent(receiptNo)}`;
}

/** The generated 申请表 and 备案回执; every download is audited (SEC-09). */
export class DocumentsService {
  private signer: ReceiptSigner | undefined;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly apps: ApplicationsService,
    private readonly filings: FilingsService,
  ) {}

  private async districtNames(): Promise<Map<string, string>> {
    const rows = await districts(this.ctx.db);
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  /** 四(一)3 — scope as for GET /applications/:id (out of scope → 404). */
  async applicationForm(caller: Caller, id: string): Promise<PdfDocument> {
    const view = await this.apps.get(caller, id);
    const campaign = await campaignTitle(this.ctx.db, view.campaignId);
    const names = await this.districtNames();
    const declaredBy = view.declarations?.declaredBy;
    const declarer = declaredBy ? await username(this.ctx.db, declaredBy) : undefined;
    const data = formData(view, campaign, (code) => names.get(code) ?? code, this.ctx.clock.now(), declarer?.username);
    const pdf = await renderApplicationForm(data);
    await recordAudit(
      this.ctx.db,
      caller.audit,
      {
        action: 'document.application_form',
        entityType: 'application',
        entityId: id,
        after: { size: pdf.length, sha256: crypto.createHash('sha256').update(pdf).digest('hex'), status: view.status },
      },
      this.ctx.clock.now(),
    );
    return { pdf, fileName: `社会培训评价组织征集遴选申请表-${view.organization.name}.pdf` };
  }

  /**
   * 三(五) 备案回执 — centre, bureau, admin, and the applicant that owns it (others → 404). Signed
   * (PAdES) by the centre's key with the business clock's time; says only what was recorded: how the
   * notice ended, the call's validity years, and the national report only once it was made.
   */
  async receipt(actor: SessionActor, audit: AuditActor, receiptNo: string, baseUrl: string): Promise<PdfDocument> {
    const filing = await this.filings.get(receiptNo, actor);
    const now = this.ctx.clock.now();
    const [facts, integrity] = await Promise.all([receiptFacts(this.ctx.db, filing.applicationItemId), filingIntegrity(this.ctx.db, receiptNo)]);
    if (!integrity) refuse('CONFLICT', `备案回执“${receiptNo}”没有签发时固定的摘要，不能出具回执；请联系市职鉴中心核查。`);
    this.signer ??= createReceiptSigner(this.ctx.keys.signing);
    const pdf = await renderReceipt(
      {
        receiptNo: filing.receiptNo,
        docNumber: facts.docNumber,
        campaignTitle: facts.title,
        organizationName: filing.organizationName,
        uscc: filing.uscc,
        itemSeq: filing.itemSeq,
        itemName: filing.itemName,
        occupationCode: filing.occupationCode,
        levels: levelsText(filing.levels, SKILL_LEVEL_LABELS),
        filedOn: filing.filedOn,
        validUntil: filing.validUntil,
        validityYears: facts.validityYears,
        publicityOutcome: facts.objectionDismissed ? 'objection_dismissed' : 'no_objection',
        ...(filing.reportedAt ? { reportedOn: filing.reportedAt.slice(0, 10) } : {}),
        status: filing.status,
        statusLabel: FILING_STATUS_LABELS[filing.status],
        revokedAt: filing.revokedAt,
        revokeReason: filing.revokeReason,
        suspendedAt: filing.suspendedAt,
        suspendReason: filing.suspendReason,
        verifyUrl: verifyUrl(baseUrl, receiptNo),
        snapshotDigest: integrity.snapshotDigest,
        materialsDigest: integrity.materialsDigest,
        generatedAt: toShanghaiIso(now),
      },
      { signer: this.signer, signingTime: now },
    );
    await recordAudit(
      this.ctx.db,
      audit,
      {
        action: 'document.filing_receipt',
        entityType: 'filing',
        entityId: receiptNo,
        after: { size: pdf.length, sha256: crypto.createHash('sha256').update(pdf).digest('hex'), status: filing.status, intact: integrity.intact },
      },
      now,
    );
    return { pdf, fileName: `备案回执-${receiptNo}.pdf` };
  }
}

/** The stored application as the form prints it. */
export function formData(
  view: ApplicationView,
  campaign: { doc_number: string; title: string },
  district: (code: string) => string,
  now: Date,
  declaredBy?: string,
): ApplicationFormData {
  const o = view.organization;
  const latestRound = Math.max(0, ...view.recommendations.map((r) => r.round));
  const recommendations = view.requiredRecommendations.map((need) => {
    const given = view.recommendations.find(
      (r) =>
        r.round === latestRound && r.role === need.role && (need.role === 'industry_authority' ? r.authority === need.authority : r.district === need.district),
    );
    const decided = need.decision !== 'pending' && given;
    return {
      department: need.role === 'industry_authority' ? (need.authority ?? view.industryAuthority) : `${district(need.district ?? '')}人力资源和社会保障局`,
      role: need.role === 'industry_authority' ? '行业主管部门' : '考核点所在区人社部门',
      decision: need.decision === 'recommend' ? '推荐' : need.decision === 'decline' ? '不予推荐' : '待推荐',
      comment: decided ? given.comment : '',
      at: decided ? given.at.slice(0, 16).replace('T', ' ') : '',
    };
  });
  const count = (kind: string, itemId?: string) => view.materials.filter((m) => m.kind === kind && (!itemId || m.itemId === itemId)).length;
  const uploaded = (n: number, need = 1) => (n >= need ? `已上传（${n} 份）` : n > 0 ? `已上传 ${n} 份，还缺 ${need - n} 份` : '未上传');
  const materials = [
    ...REQUIRED_MATERIAL_KINDS.map((k) => ({
      label: MATERIAL_KIND_LABELS[k],
      status: k === 'application_form' && count(k) === 0 ? '（本表签章后扫描上传）' : uploaded(count(k)),
    })),
    ...view.items.map((it) => ({
      label: `${MATERIAL_KIND_LABELS.sample_paper}：${it.name}（${SAMPLE_PAPERS_PER_ITEM} 套）`,
      status: uploaded(count('sample_paper', it.id), SAMPLE_PAPERS_PER_ITEM),
    })),
    {
      label: `${MATERIAL_KIND_LABELS.recommendation_letter}（以系统内推荐代替，推荐部门可另附）`,
      status: count('recommendation_letter') ? `已上传（${count('recommendation_letter')} 份）` : '系统内推荐',
    },
  ];
  return {
    applicationId: view.id,
    docNumber: campaign.doc_number,
    campaignTitle: campaign.title,
    statusLabel: APPLICATION_STATUS_LABELS[view.status],
    generatedAt: toShanghaiIso(now).slice(0, 16).replace('T', ' '),
    ...(view.submittedAt ? { submittedAt: view.submittedAt.slice(0, 16).replace('T', ' ') } : {}),
    organization: {
      name: o.name,
      uscc: o.uscc,
      legalForm: LEGAL_FORM_LABELS[o.legalForm] ?? o.legalForm,
      legalRepresentative: o.legalRepresentative,
      district: district(o.district),
      address: o.address,
      contactName: o.contactName,
      contactPhone: o.contactPhone,
      contactEmail: o.contactEmail,
      needsReview: o.eligibility === 'needs_review',
    },
    industryAuthority: view.industryAuthority,
    items: view.items.map((i) => ({
      seq: i.seq,
      name: i.name,
      occupationCode: i.occupationCode,
      levels: levelsText(i.levels, SKILL_LEVEL_LABELS),
      kind: i.levels.length ? '职业（工种）' : '专项职业能力',
    })),
    sites: view.sites.map((s) => ({ name: s.name, address: s.address, district: district(s.district) })),
    recommendations,
    materials,
    ...(view.declarations
      ? {
          declarations: {
            clauses: view.declarations.clauses,
            ...(view.declarations.declaredAt
              ? { declaredAt: view.declarations.declaredAt.slice(0, 16).replace('T', ' '), ...(declaredBy ? { declaredBy } : {}) }
              : {}),
          },
        }
      : {}),
  };
}
