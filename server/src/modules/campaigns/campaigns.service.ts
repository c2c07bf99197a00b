import type { z } from 'zod';
import type { campaignInput, campaignItemInput, campaignItemPatch } from '../../../../contract/catalog.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { checkCatalogueEdit, checkCatalogueItem, checkItemInUse } from '../../workflow/catalogue.js';
import { DEFAULT_RULES } from '../../workflow/case.js';
import { refuse } from '../../workflow/refusal.js';
import { toShanghaiIso } from '../../workflow/time.js';
import {
  copyCatalogueToCampaign,
  deleteItem,
  findCampaign,
  findItem,
  insertCampaign,
  insertItem,
  itemUsage,
  listCampaigns,
  listItems,
  lockCampaign,
  setClosesAt,
  updateItem,
  type CampaignItemRow,
  type CampaignItemValues,
  type CampaignRow,
} from './campaigns.repository.js';

type ItemInput = z.infer<typeof campaignItemInput>;
type ItemPatch = z.infer<typeof campaignItemPatch>;

function view(c: CampaignRow) {
  return {
    id: c.id,
    docNumber: c.doc_number,
    title: c.title,
    opensAt: toShanghaiIso(new Date(c.opens_at)),
    closesAt: toShanghaiIso(new Date(c.closes_at)),
    rules: { ...DEFAULT_RULES, ...c.rules },
  };
}

function itemView(r: CampaignItemRow) {
  return {
    id: r.id,
    seq: r.seq,
    name: r.name,
    occupation: r.occupation,
    workType: r.work_type,
    kind: r.kind,
    levels: r.levels,
    occupationCode: r.occupation_code,
    officialName: r.official_name,
    aliases: r.aliases,
  };
}

/** "家政服务员（家庭照护员）" → occupation 家政服务员, work type 家庭照护员 — as the attachment prints work types. */
function splitName(name: string): { occupation: string; workType: string | null } {
  const m = /^(.+?)[（(]([^）)]+)[）)]$/.exec(name);
  return m ? { occupation: m[1]!, workType: m[2]! } : { occupation: name, workType: null };
}

const notFound = (): never => refuse('NOT_FOUND', '征集批次不存在。');
const itemNotFound = (): never => refuse('NOT_FOUND', '该征集项目不存在或已删除，请刷新后重试。');

export class CampaignsService {
  constructor(
    private readonly db: Db,
    /** the business clock: audit records carry its time (api-v1 "Trust") */
    private readonly clock: Clock,
  ) {}

  async list() {
    return (await listCampaigns(this.db)).map(view);
  }

  async items(campaignId: string) {
    if (!(await findCampaign(this.db, campaignId))) notFound();
    return (await listItems(this.db, campaignId)).map(itemView);
  }

  /** Items are copied from the catalogue as it stands: a campaign's list never changes under it (附件注). */
  async create(input: z.infer<typeof campaignInput>, who: AuditActor) {
    const opensAt = new Date(input.opensAt);
    const closesAt = new Date(input.closesAt);
    if (closesAt <= opensAt) refuse('VALIDATION_FAILED', '截止时间必须晚于开始时间。');
    const rules = { ...DEFAULT_RULES, ...input.rules };
    try {
      return await this.db.transaction().execute(async (tx) => {
        const c = await insertCampaign(tx, { docNumber: input.docNumber, title: input.title, opensAt, closesAt, rules });
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
      const c = (await lockCampaign(tx, id)) ?? notFound();
      const next = new Date(closesAt);
      if (next <= new Date(c.opens_at)) refuse('VALIDATION_FAILED', '截止时间必须晚于开始时间。');
      const updated = await setClosesAt(tx, id, next);
      await appendAudit(
        tx,
        who,
        { action: 'campaign.window', entityType: 'campaign', entityId: id, before: { closesAt: c.closes_at }, after: { closesAt: next, reason } },
        this.clock.now(),
      );
      return view(updated);
    });
  }

  /** 附件注: an item added to the call (before or after its window opens); it takes the next 序号. */
  async addItem(campaignId: string, input: ItemInput, who: AuditActor) {
    const now = this.clock.now();
    return this.catalogueChange(campaignId, async (tx, c) => {
      checkCatalogueEdit('add', new Date(c.opens_at), now);
      const split = splitName(input.name);
      const values: CampaignItemValues = {
        name: input.name,
        kind: input.kind,
        levels: [...input.levels].sort((a, b) => b - a),
        occupation_code: input.occupationCode || null,
        occupation: input.occupation ?? split.occupation,
        work_type: input.workType === undefined ? split.workType : input.workType || null,
        official_name: input.officialName ?? input.name,
        aliases: input.aliases ?? [],
      };
      checkCatalogueItem({ kind: input.kind, levels: input.levels, occupationCode: values.occupation_code });
      const row = await insertItem(tx, campaignId, values);
      await appendAudit(tx, who, { action: 'campaign.item.add', entityType: 'campaign', entityId: campaignId, after: itemView(row) }, now);
      return itemView(row);
    });
  }

  /** A correction to an item, only before the window opens; a level a draft chose stays. */
  async updateItem(campaignId: string, itemId: string, patch: ItemPatch, who: AuditActor) {
    const now = this.clock.now();
    return this.catalogueChange(campaignId, async (tx, c) => {
      const before = (await findItem(tx, campaignId, itemId)) ?? itemNotFound();
      checkCatalogueEdit('update', new Date(c.opens_at), now);
      const next: Partial<CampaignItemValues> = {};
      if (patch.name !== undefined) next.name = patch.name;
      if (patch.kind !== undefined) next.kind = patch.kind;
      if (patch.levels !== undefined) next.levels = [...patch.levels].sort((a, b) => b - a);
      if (patch.occupationCode !== undefined) next.occupation_code = patch.occupationCode || null;
      if (patch.occupation !== undefined) next.occupation = patch.occupation;
      if (patch.workType !== undefined) next.work_type = patch.workType || null;
      if (patch.officialName !== undefined) next.official_name = patch.officialName;
      if (patch.aliases !== undefined) next.aliases = patch.aliases;
      const kind = next.kind ?? before.kind;
      const levels = next.levels ?? before.levels;
      checkCatalogueItem({ kind, levels, occupationCode: next.occupation_code === undefined ? before.occupation_code : next.occupation_code });
      checkItemInUse('update', { kind, levels }, await itemUsage(tx, itemId));
      const row = await updateItem(tx, itemId, next);
      await appendAudit(
        tx,
        who,
        { action: 'campaign.item.update', entityType: 'campaign', entityId: campaignId, before: itemView(before), after: itemView(row) },
        now,
      );
      return itemView(row);
    });
  }

  /** An item removed before the window opens, if no application chose it. */
  async removeItem(campaignId: string, itemId: string, who: AuditActor) {
    const now = this.clock.now();
    try {
      await this.catalogueChange(campaignId, async (tx, c) => {
        const before = (await findItem(tx, campaignId, itemId)) ?? itemNotFound();
        checkCatalogueEdit('remove', new Date(c.opens_at), now);
        checkItemInUse('remove', null, await itemUsage(tx, itemId));
        await deleteItem(tx, itemId);
        await appendAudit(tx, who, { action: 'campaign.item.remove', entityType: 'campaign', entityId: campaignId, before: itemView(before) }, now);
      });
    } catch (err) {
      // an applicant chose the item between our check and the delete: the foreign key refuses, we say why
      if ((err as { code?: string }).code === '23503') refuse('CONFLICT', '该项目刚被申报选择，不能删除。请刷新后重试。');
      throw err;
    }
  }

  /** One call's catalogue changes one at a time (its row locked), each audited in the same transaction. */
  private catalogueChange<T>(campaignId: string, fn: (tx: Tx, c: CampaignRow) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (tx) => fn(tx, (await lockCampaign(tx, campaignId)) ?? notFound()));
  }
}
