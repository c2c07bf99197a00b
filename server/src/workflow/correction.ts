import { SKILL_LEVEL_LABELS } from '../../../contract/enums.js';
import type { Blocker } from '../../../contract/errors.js';
import type { ApplicationCase } from './case.js';
import { refuse } from './refusal.js';
import { toShanghaiIso } from './time.js';

/**
 * What was applied for, as far as 四(二) is concerned: the industry authority, each catalogue item
 * with its levels, and the assessment sites. Items are keyed by their catalogue item (`itemId`), sites
 * by district (a site's id is not stable across edits; its name and address may be corrected).
 */
export interface AppliedScope {
  industryAuthority: string;
  items: { itemId: string; name: string; levels: number[] }[];
  sites: { name: string; district: string }[];
}

/** A proposed edit: the fields the PATCH gives (absent = unchanged). */
export type ProposedScope = Partial<AppliedScope>;

const siteKey = (s: { name: string; district: string }) => `${s.name.trim()}\u0000${s.district}`;

/**
 * Everything in `after` that enlarges `before`: an item not applied for, a level not applied for on an
 * item, an assessment site not applied for, another industry authority. Narrowing (withdrawing an item
 * or a level, removing a site) and every other change (materials, texts, contacts) are not listed.
 */
export function scopeEnlargements(before: AppliedScope, after: ProposedScope): Blocker[] {
  const out: Blocker[] = [];
  if (after.industryAuthority !== undefined && after.industryAuthority !== before.industryAuthority) {
    out.push({
      code: 'CORRECTION_SCOPE',
      detail: `申报截止后补正不能更换行业主管部门（原为“${before.industryAuthority}”）。`,
      clause: '四(二)',
      ref: { field: 'industryAuthority' },
    });
  }
  for (const item of after.items ?? []) {
    const was = before.items.find((b) => b.itemId === item.itemId);
    if (!was) {
      out.push({
        code: 'CORRECTION_SCOPE',
        detail: `申报截止后补正不能新增申报项目“${item.name}”，只能撤回已申报的项目。`,
        clause: '四(二)',
        ref: { itemId: item.itemId },
      });
      continue;
    }
    const added = item.levels.filter((l) => !was.levels.includes(l));
    if (added.length) {
      const names = added.map((l) => SKILL_LEVEL_LABELS[l] ?? `${l}级`).join('、');
      out.push({
        code: 'CORRECTION_SCOPE',
        detail: `申报截止后补正不能为“${item.name}”新增等级（${names}），只能保留或撤回已申报的等级。`,
        clause: '四(二)',
        ref: { itemId: item.itemId },
      });
    }
  }
  // a site kept by name and district is the same site; one renamed (or its address corrected) within its
  // district takes the place of an old site of that district not otherwise kept; any other is new
  const unmatched = [...before.sites];
  const take = (pred: (s: { name: string; district: string }) => boolean) => {
    const i = unmatched.findIndex(pred);
    return i >= 0 ? unmatched.splice(i, 1).length > 0 : false;
  };
  const proposed = after.sites ?? [];
  const renamed = proposed.filter((site) => !take((s) => siteKey(s) === siteKey(site)));
  for (const site of renamed) {
    if (!take((s) => s.district === site.district)) {
      out.push({ code: 'CORRECTION_SCOPE', detail: `申报截止后补正不能新增考核点（“${site.name}”）。`, clause: '四(二)', ref: { district: site.district } });
    }
  }
  return out;
}

/**
 * 四(二) 8月28日24时系统关闭申报功能: a returned application is corrected after the window has closed,
 * and a correction may not enlarge what was applied for — else the window would not have closed for
 * it. While the window is still open the applicant may change anything it could change before.
 */
export function checkCorrectionScope(c: Pick<ApplicationCase, 'campaign'>, before: AppliedScope, after: ProposedScope, now: Date): void {
  if (now.getTime() < c.campaign.closesAt.getTime()) return;
  const blockers = scopeEnlargements(before, after);
  const first = blockers[0];
  if (!first) return;
  refuse(
    'CORRECTION_SCOPE',
    `申报已于 ${toShanghaiIso(c.campaign.closesAt)} 截止，补正只能修改材料、文字和联系信息或撤回项目，不能扩大申报范围：${blockers.map((b) => b.detail).join('')}`,
    '四(二)',
    { blockers },
  );
}
