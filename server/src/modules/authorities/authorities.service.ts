import type { z } from 'zod';
import type { createAuthorityBody, updateAuthorityBody } from '../../../../contract/authorities.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { refuse } from '../../workflow/refusal.js';
import type { DbOrTx } from '../../platform/db/database.js';
import {
  ensureAuthority,
  findAuthorityByName,
  findAuthorityForUpdate,
  hasActiveAccount,
  insertAuthority,
  listAuthorities,
  renameAuthorityEverywhere,
  updateAuthority,
} from './authorities.repository.js';

/* What other modules ask of the list, inside their own transaction (its repository stays private). */

/** api-v1 second reading: an industry authority is chosen from the maintained list (its active entries). */
export async function requireListedAuthority(db: DbOrTx, name: string): Promise<void> {
  const a = await findAuthorityByName(db, name);
  if (!a || !a.active) refuse('VALIDATION_FAILED', `行业主管部门“${name}”不在名录中或已停用，请从行业主管部门名录中选择。`);
}

/** An authority given an account joins the list (so the list and the accounts agree). */
export function joinAuthorityList(db: DbOrTx, name: string): Promise<void> {
  return ensureAuthority(db, name);
}

/** Whether an enabled account of role industry_authority carries this name (the checklist's warning). */
export function authorityAccountExists(db: DbOrTx, name: string): Promise<boolean> {
  return hasActiveAccount(db, name);
}

/** The maintained list of industry authorities (api-v1 "Recommendations the system did not receive online"). */
export class AuthoritiesService {
  constructor(private readonly ctx: Pick<ServiceContext, 'db' | 'clock'>) {}

  list() {
    return listAuthorities(this.ctx.db);
  }

  private async view(id: string) {
    const all = await listAuthorities(this.ctx.db);
    return all.find((a) => a.id === id) ?? refuse('NOT_FOUND', '未找到该行业主管部门。');
  }

  async create(input: z.infer<typeof createAuthorityBody>, who: AuditActor) {
    const now = this.ctx.clock.now();
    const id = await this.ctx.db.transaction().execute(async (tx) => {
      if (await findAuthorityByName(tx, input.name)) refuse('DUPLICATE', `行业主管部门“${input.name}”已在名录中。`);
      const row = await insertAuthority(tx, input.name);
      await appendAudit(
        tx,
        who,
        { action: 'authority.create', entityType: 'industry_authority', entityId: row.id, after: { name: row.name, active: row.active } },
        now,
      );
      return row.id;
    });
    return this.view(id);
  }

  async update(id: string, input: z.infer<typeof updateAuthorityBody>, who: AuditActor) {
    if (input.name === undefined && input.active === undefined) refuse('VALIDATION_FAILED', '请填写要修改的名称（name）或启用状态（active）。');
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      const before = (await findAuthorityForUpdate(tx, id)) ?? refuse('NOT_FOUND', '未找到该行业主管部门。');
      if (input.name !== undefined && input.name !== before.name) {
        if (await findAuthorityByName(tx, input.name)) refuse('DUPLICATE', `行业主管部门“${input.name}”已在名录中。`);
        await renameAuthorityEverywhere(tx, before.name, input.name);
      }
      const after = await updateAuthority(tx, id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
      });
      await appendAudit(
        tx,
        who,
        {
          action: 'authority.update',
          entityType: 'industry_authority',
          entityId: id,
          before: { name: before.name, active: before.active },
          after: { name: after.name, active: after.active },
        },
        now,
      );
    });
    return this.view(id);
  }
}
