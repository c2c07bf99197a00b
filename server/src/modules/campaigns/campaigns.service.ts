import type { z } from 'zod';
import type { campaignInput } from '../../../../contract/catalog.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { CampaignRulesRow } from '../../platform/db/schema.js';
import { DEFAULT_RULES } from '../../workflow/case.js';
import { refuse } from '../../workflow/refusal.js';
import { toShanghaiIso } from '../../workflow/time.js';
import { copyCatalogueToCampaign } from './campaigns.repository.js';

type CampaignRow = { id: string; doc_number: string; title: string; opens_at: Date; closes_at: Date; rules: CampaignRulesRow };

function view(c: CampaignRow) {
  return { id: c.id, docNumber: c.doc_number, title: c.title, opensAt: toShanghaiIso(new Date(c.opens_at)), closesAt: toShanghaiIso(new Date(c.closes_at)), rules: { ...DEFAULT_RULES, ...c.rules } };
}

export class CampaignsService {
  constructor(
    private readonly db: Db,
    /** the business clock: audit records carry its time (api-v1 "Trust") */
    private readonly clock: Clock,
  ) {}

  async list() {
    const rows = await this.db.selectFrom('campaigns').selectAll().orderBy('opens_at', 'desc').execute();
    return rows.map(view);
  }

  async items(campaignId: string) {
    const c = await this.db.selectFrom('campaigns').select('id').where('id', '=', campaignId).executeTakeFirst();
    if (!c) refuse('NOT_FOUND', '征集批次不存在。');
    const rows = await this.db.selectFrom('campaign_items').selectAll().where('campaign_id', '=', campaignId).orderBy('seq').execute();
    return rows.map((r) => ({
      id: r.id, seq: r.seq, name: r.name, occupation: r.occupation, workType: r.work_type, kind: r.kind as 'occupation' | 'special_ability',
      levels: r.levels, occupationCode: r.occupation_code, officialName: r.official_name, aliases: r.aliases,
    }));
  }

  /** Items are copied from the catalogue as it stands: a campaign's list never changes under it (附件注). */
  async create(input: z.infer<typeof campaignInput>, who: AuditActor) {
    const opensAt = new Date(input.opensAt);
    const closesAt = new Date(input.closesAt);
    if (closesAt <= opensAt) refuse('VALIDATION_FAILED', '截止时间必须晚于开始时间。');
    const rules = { ...DEFAULT_RULES, ...input.rules };
    try {
      return await this.db.transaction().execute(async (tx) => {
        const c = await tx
          .insertInto('campaigns')
          .values({ doc_number: input.docNumber, title: input.title, opens_at: opensAt, closes_at: closesAt, rules: JSON.stringify(rules) })
          .returningAll()
          .executeTakeFirstOrThrow();
        if (input.itemSeqs && input.itemSeqs.length === 0) refuse('VALIDATION_FAILED', '请至少选择一个征集项目。');
        const copied = await copyCatalogueToCampaign(tx, c.id, input.itemSeqs);
        if (input.itemSeqs && copied !== new Set(input.itemSeqs).size) refuse('VALIDATION_FAILED', '部分序号不在职业目录中，请核对。');
        await appendAudit(tx, who, { action: 'campaign.create', entityType: 'campaign', entityId: c.id, after: { ...input, rules } }, this.clock.now());
        return view(c);
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') refuse('DUPLICATE', `文号“${input.docNumber}”的批次已存在。`);
      throw err;
    }
  }

  /** DL-5: extensions are data, audited with their reason. */
  async extend(id: string, closesAt: string, reason: string, who: AuditActor) {
    return this.db.transaction().execute(async (tx) => {
      const c = await tx.selectFrom('campaigns').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!c) refuse('NOT_FOUND', '征集批次不存在。');
      const next = new Date(closesAt);
      if (next <= new Date(c.opens_at)) refuse('VALIDATION_FAILED', '截止时间必须晚于开始时间。');
      const updated = await tx.updateTable('campaigns').set({ closes_at: next }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await appendAudit(tx, who, { action: 'campaign.window', entityType: 'campaign', entityId: id, before: { closesAt: c.closes_at }, after: { closesAt: next, reason } }, this.clock.now());
      return view(updated);
    });
  }
}
