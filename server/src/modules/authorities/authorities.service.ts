import type { z } from 'zod';
import type { createAuthorityBody, updateAuthorityBody } from '../../../../contract/authorities.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { refuse } from '../../workflow/refusal.js';
import { findAuthorityByName, findAuthorityForUpdate, insertAuthority, listAuthorities, renameAuthorityEverywhere, updateAuthority } from './authorities.repository.js';

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
      await appendAudit(tx, who, { action: 'authority.create', entityType: 'industry_authority', entityId: row.id, after: { name: row.name, active: row.active } }, now);
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
      const after = await updateAuthority(tx, id, { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.active !== undefined ? { active: input.active } : {}) });
      await appendAudit(tx, who, { action: 'authority.update', entityType: 'industry_authority', entityId: id, before: { name: before.name, active: before.active }, after: { name: after.name, active: after.active } }, now);
    });
    return this.view(id);
  }
}
