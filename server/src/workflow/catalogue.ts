import { CALL_RULE_CLAUSE } from '../../../contract/errors.js';
import { SKILL_LEVELS, SKILL_LEVEL_SHORT, type ItemKind } from '../../../contract/enums.js';
import { refuse } from './refusal.js';
import { toShanghaiIso } from './time.js';

/**
 * A call's catalogue as data (附件注: "职业（工种）名称、等级等按照国家职业分类大典……调整").
 *
 * The notice lets the catalogue follow the classification; when it may change is this system's
 * rule for the call, not the notice's words: before the window opens the admin or the centre may
 * add, correct and remove items; once it has opened, applicants rely on the published list, so it
 * may only grow. Pure: the clock is passed in.
 */
export type CatalogueEdit = 'add' | 'update' | 'remove';

export interface CatalogueItemFacts {
  kind: ItemKind;
  levels: readonly number[];
}

/** 2022 大典 codes: 大类-中类-小类-细类, e.g. 4-07-05-04; a work type may add a fifth pair (…-01). */
export const OCCUPATION_CODE = /^[1-8]-\d{2}-\d{2}-\d{2}(-\d{2})?$/;

const levelName = (l: number) => SKILL_LEVEL_SHORT[l] ?? `${l}级`;

/** After the window opens, the published list may only grow (本批次规则). */
export function checkCatalogueEdit(edit: CatalogueEdit, opensAt: Date, now: Date): void {
  if (edit === 'add' || now.getTime() < opensAt.getTime()) return;
  const what = edit === 'update' ? '修改' : '删除';
  refuse(
    'CONFLICT',
    `申报已于 ${toShanghaiIso(opensAt)} 开始，已公布的征集项目不能${what}，只能增补（本批次规则：申报开始后项目目录只增不改，已申报单位的项目保持申报时的名称和等级）。如大典调整了名称或等级，请增补新的项目。`,
    CALL_RULE_CLAUSE,
    { rule: 'catalogueFrozenOnOpen' },
  );
}

/** An item's own consistency: an occupation offers one or more of the five levels; a special ability none. */
export function checkCatalogueItem(item: CatalogueItemFacts & { occupationCode?: string | null }): void {
  if (item.kind === 'special_ability' && item.levels.length > 0) {
    refuse('VALIDATION_FAILED', '专项职业能力不分等级，请清空等级。', undefined, { errors: [{ path: 'levels', message: '专项职业能力不分等级' }] });
  }
  if (item.kind === 'occupation') {
    if (item.levels.length === 0)
      refuse('VALIDATION_FAILED', '职业（工种）项目请至少选择一个等级。', undefined, { errors: [{ path: 'levels', message: '请至少选择一个等级' }] });
    const bad = item.levels.filter((l) => !(SKILL_LEVELS as readonly number[]).includes(l));
    if (bad.length)
      refuse('VALIDATION_FAILED', `等级只能是一级至五级，${bad.join('、')} 不是有效等级。`, undefined, {
        errors: [{ path: 'levels', message: '等级只能是 1–5' }],
      });
    if (new Set(item.levels).size !== item.levels.length)
      refuse('VALIDATION_FAILED', '等级有重复，请每个等级只选一次。', undefined, { errors: [{ path: 'levels', message: '等级重复' }] });
  }
  if (item.occupationCode && !OCCUPATION_CODE.test(item.occupationCode)) {
    refuse('VALIDATION_FAILED', `职业编码“${item.occupationCode}”格式不对：应为大典编码，如 4-07-05-04（工种可再加两位，如 6-28-01-14-01）。`, undefined, {
      fields: [{ path: 'occupationCode', message: '格式如 4-07-05-04' }],
    });
  }
}

/**
 * Drafts that already chose the item keep what they chose: a level in use cannot be removed,
 * and an item chosen by a draft cannot be deleted (the applicant would lose it unseen).
 */
export function checkItemInUse(edit: 'update' | 'remove', next: CatalogueItemFacts | null, inUse: { drafts: number; levels: readonly number[] }): void {
  if (inUse.drafts === 0) return;
  if (edit === 'remove') {
    refuse('CONFLICT', `已有 ${inUse.drafts} 份申报选择了该项目，不能删除。可修改其名称或编码，或请申报单位先移除该项目。`);
  }
  const dropped = inUse.levels.filter((l) => !next?.levels.includes(l));
  if (dropped.length) {
    refuse('CONFLICT', `已有申报选择了该项目的${dropped.map(levelName).join('、')}，不能删去这些等级。请申报单位先调整，或保留这些等级。`);
  }
}
