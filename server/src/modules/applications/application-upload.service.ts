import type { DbOrTx } from '../../platform/db/database.js';
import type { Actor, ApplicationCase, CaseItem } from '../../workflow/case.js';
import { decide, inScope, type Command } from '../../workflow/decide.js';
import { NO_CALENDAR } from '../../workflow/calendar.js';
import { readUploadScope, type UploadScopeRow } from './application-upload-scope.repository.js';

/**
 * For the materials module: what an upload's rules read of its application, in one narrow statement
 * (decision 0009, the surge addendum) — the case as `decide()` sees it for the upload commands, the
 * bytes already stored and the version read, by which the upload's single write statement is guarded.
 */
export interface UploadRead {
  c: ApplicationCase;
  version: number;
  liveBytes: number;
}

/** The upload commands only: `decide()` judges them on these parts of the case. */
export type UploadCommand = Extract<Command, { type: 'upload_material' | 'upload_letter' | 'upload_site_photo' }>;

/** The application as an upload's rules see it, or null when it is not there or not the actor's to see (404). */
export async function readForUpload(db: DbOrTx, actor: Actor, applicationId: string): Promise<UploadRead | null> {
  const row = await readUploadScope(db, applicationId);
  if (!row) return null;
  const c = uploadCase(row);
  return inScope(c, actor) ? { c, version: row.version, liveBytes: Number(row.live_bytes) } : null;
}

/** Whether the rules allow this upload now (a typed refusal otherwise). Pure: no statement. */
export function decideUpload(read: UploadRead, cmd: UploadCommand, actor: Actor, now: Date): void {
  decide(read.c, cmd, actor, { now, calendar: NO_CALENDAR });
}

/**
 * The parts of the case an upload does not read throw when touched: if the rules for uploads ever
 * come to need one, every upload fails loudly in the tests instead of deciding on an empty list.
 */
function notRead<T extends object>(o: T, keys: readonly string[], what: string): T {
  for (const k of keys) {
    Object.defineProperty(o, k, {
      enumerable: false,
      get() {
        throw new Error(`${what}.${k} is not read for an upload: add it to application-upload-scope.repository.ts`);
      },
    });
  }
  return o;
}

const CASE_NOT_READ = [
  'organizationEligibility',
  'materials',
  'recommendations',
  'reviews',
  'inspections',
  'submittedAt',
  'firstSubmittedAt',
  'priorParticipations',
] as const;
const ITEM_NOT_READ = ['occupationKey', 'levels', 'projectEvaluationDueOn'] as const;

function uploadCase(row: UploadScopeRow): ApplicationCase {
  const items = row.items.map(([id, status, name, seq]) => notRead({ id, status, name, seq } as CaseItem, ITEM_NOT_READ, 'item'));
  const c = {
    id: row.id,
    organizationId: row.organization_id,
    status: row.status,
    industryAuthority: row.industry_authority,
    campaign: { opensAt: new Date(row.opens_at), closesAt: new Date(row.closes_at), rules: row.rules },
    items,
    sites: row.sites.map(([id, name, district]) => ({ id, name, district })),
    experts: row.experts,
    correctionDueOn: row.correction_due_on,
  } as ApplicationCase;
  return notRead(c, CASE_NOT_READ, 'case');
}
