import { sql } from 'kysely';
import type { z } from 'zod';
import type { applicationListQuery } from '../../../../contract/applications.js';
import type { ApplicationStatus } from '../../../../contract/enums.js';
import type { Db } from '../../platform/db/database.js';
import type { SessionActor } from '../../platform/http/types.js';
import { toShanghaiIso } from '../../workflow/time.js';

/** Lists exactly what the caller may see (api-v1 `GET /applications`). */
export async function listApplications(db: Db, actor: SessionActor, q: z.infer<typeof applicationListQuery>) {
  let base = db.selectFrom('applications as a').innerJoin('organizations as o', 'o.id', 'a.organization_id');
  switch (actor.role) {
    case 'applicant':
      base = base.where('a.organization_id', '=', actor.organizationId ?? '00000000-0000-0000-0000-000000000000');
      break;
    case 'industry_authority':
      base = base.where('a.industry_authority', '=', actor.authority ?? '');
      break;
    case 'district_hr':
      base = base.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('sites as s')
            .select('s.id')
            .whereRef('s.application_id', '=', 'a.id')
            .where('s.district', '=', actor.district ?? ''),
        ),
      );
      break;
    case 'expert':
      base = base.where(({ exists, selectFrom }) =>
        exists(selectFrom('expert_assignments as e').select('e.expert_id').whereRef('e.application_id', '=', 'a.id').where('e.expert_id', '=', actor.id)),
      );
      break;
    default:
      break;
  }
  if (q.campaignId) base = base.where('a.campaign_id', '=', q.campaignId);
  if (q.status) base = base.where('a.status', '=', q.status);
  if (q.q) {
    const escape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
    const name = escape(q.q.normalize('NFKC'));
    const uscc = escape(
      q.q
        .normalize('NFKC')
        .replace(/[\s-]+/g, '')
        .toUpperCase(),
    );
    base = base.where((eb) => eb.or([eb('o.name', 'ilike', `%${name}%`), eb('o.uscc', 'like', `${uscc}%`)]));
  }
  const [{ total }, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
    base
      .select([
        'a.id',
        'a.campaign_id',
        'a.organization_id',
        'o.name',
        'o.uscc',
        'a.status',
        'a.industry_authority',
        'a.submitted_at',
        'a.correction_due_on',
        'a.updated_at',
      ])
      .select((eb) => [
        eb.selectFrom('application_items as i').select(eb.fn.countAll<string>().as('n')).whereRef('i.application_id', '=', 'a.id').as('item_count'),
        eb
          .selectFrom('sites as s')
          .select(sql<string[]>`array_agg(DISTINCT s.district ORDER BY s.district)`.as('d'))
          .whereRef('s.application_id', '=', 'a.id')
          .as('districts'),
      ])
      .orderBy('a.updated_at', 'desc')
      .orderBy('a.id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
  ]);
  return {
    total: Number(total),
    items: rows.map((r) => ({
      id: r.id,
      campaignId: r.campaign_id,
      organizationId: r.organization_id,
      organizationName: r.name,
      uscc: r.uscc,
      status: r.status as ApplicationStatus,
      industryAuthority: r.industry_authority,
      itemCount: Number(r.item_count ?? 0),
      districts: r.districts ?? [],
      ...(r.submitted_at ? { submittedAt: toShanghaiIso(new Date(r.submitted_at)) } : {}),
      ...(r.correction_due_on ? { correctionDueOn: r.correction_due_on } : {}),
      updatedAt: toShanghaiIso(new Date(r.updated_at)),
    })),
  };
}
