import type { Db } from '../platform/db/database.js';
import { CATALOGUE_2024 } from '../modules/catalog/catalogue-2024.data.js';
import { SHANGHAI_DISTRICTS } from '../modules/catalog/districts.data.js';
import { SEEDED_CALENDAR } from '../workflow/calendar-data.js';
import { DEFAULT_RULES } from '../workflow/case.js';
import { loadYear } from '../modules/calendar/calendar.repository.js';
import { copyCatalogueToCampaign } from '../modules/campaigns/campaigns.repository.js';

export const NOTICE_2024 = {
  docNumber: '沪人社职〔2024〕270号',
  title: '上海市人力资源和社会保障局关于开展安全防范系统安装维护员等社会培训评价组织征集遴选工作的通知',
  // 四(二) 2024年8月23日-28日，8月28日24时系统关闭申报功能
  opensAt: '2024-08-23T00:00:00+08:00',
  closesAt: '2024-08-29T00:00:00+08:00',
};

/**
 * Facts every installation starts with: the 16 districts, the catalogue of the notice's attachment,
 * the 2024–2026 working-day calendars, and the 2024 campaign. Idempotent: runs at every start and
 * only adds what is missing (an administrator's later edits are never overwritten).
 */
export async function seedReferenceData(db: Db): Promise<void> {
  await db
    .insertInto('districts')
    .values([...SHANGHAI_DISTRICTS])
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  await db
    .insertInto('catalogue_items')
    .values(
      CATALOGUE_2024.map((i) => ({
        seq: i.seq,
        name: i.name,
        occupation: i.occupation,
        work_type: i.workType,
        kind: i.kind,
        levels: i.levels,
        occupation_code: i.occupationCode,
        official_name: i.officialName,
        aliases: i.aliases,
      })),
    )
    .onConflict((oc) => oc.column('seq').doNothing())
    .execute();
  const years = new Set((await db.selectFrom('calendar_years').select('year').execute()).map((r) => r.year));
  for (const y of SEEDED_CALENDAR) {
    if (!years.has(y.year)) await loadYear(db, y.year, y.days);
  }
  await db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('campaigns').select('id').where('doc_number', '=', NOTICE_2024.docNumber).executeTakeFirst();
    if (existing) return;
    const c = await tx
      .insertInto('campaigns')
      .values({
        doc_number: NOTICE_2024.docNumber,
        title: NOTICE_2024.title,
        opens_at: NOTICE_2024.opensAt,
        closes_at: NOTICE_2024.closesAt,
        rules: JSON.stringify(DEFAULT_RULES),
      })
      .onConflict((oc) => oc.column('doc_number').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!c) return;
    await copyCatalogueToCampaign(tx, c.id);
  });
}
