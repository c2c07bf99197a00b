import { describe, expect, it } from 'vitest';
import { checkCorrectionScope, scopeEnlargements, type AppliedScope, type ProposedScope } from './correction.js';
import { decide } from './decide.js';
import { ACTORS, AUTHORITY, DISTRICT_A, DISTRICT_B, OTHER_AUTHORITY, OTHER_DISTRICT, caseIn, ctxAt, outcomeOf, refusalOf } from './test-fixtures.js';

// =============================================================================================
// 四(二) 8月28日24时系统关闭申报功能: a correction after the window may not enlarge what was applied for
// =============================================================================================

const applied = (): AppliedScope => ({
  industryAuthority: AUTHORITY,
  items: [
    { itemId: 'ci-30', name: '家政服务员（家庭照护员）', levels: [5, 4] },
    { itemId: 'ci-86', name: '养老护理员', levels: [5, 4, 3] },
  ],
  sites: [
    { name: '浦东考核点', district: DISTRICT_A },
    { name: '徐汇考核点', district: DISTRICT_B },
  ],
});

const sites = applied().sites;
const items = applied().items;

/** [what, proposed change, enlarges?] — every enlargement the contract names, and every allowed change. */
const TABLE: [string, ProposedScope, boolean][] = [
  // enlargements
  ['adding an item', { items: [...items, { itemId: 'ci-88', name: '人工智能数据标注', levels: [] }] }, true],
  ['swapping an item for another', { items: [items[0]!, { itemId: 'ci-88', name: '人工智能数据标注', levels: [] }] }, true],
  ['adding a level to an item', { items: [{ ...items[0]!, levels: [5, 4, 3] }, items[1]!] }, true],
  ['adding a site in a district already named', { sites: [...sites, { name: '浦东第二考核点', district: DISTRICT_A }] }, true],
  ['adding a site in a new district', { sites: [...sites, { name: '黄浦考核点', district: OTHER_DISTRICT }] }, true],
  ['moving a site to another district', { sites: [sites[0]!, { name: '徐汇考核点', district: OTHER_DISTRICT }] }, true],
  ['changing the industry authority', { industryAuthority: OTHER_AUTHORITY }, true],
  // allowed: nothing, the same again, narrowing, texts
  ['no change to the scope (materials, texts, contacts)', {}, false],
  ['the same scope sent again', applied(), false],
  ['the same authority sent again', { industryAuthority: AUTHORITY }, false],
  ['withdrawing an item', { items: [items[1]!] }, false],
  ['withdrawing every item', { items: [] }, false],
  ['withdrawing a level', { items: [{ ...items[0]!, levels: [5] }, items[1]!] }, false],
  ['reordering items and levels', { items: [items[1]!, { ...items[0]!, levels: [4, 5] }] }, false],
  ['removing a site', { sites: [sites[0]!] }, false],
  ['renaming a site within its district (a text)', { sites: [{ name: '浦东考核点（世纪大道）', district: DISTRICT_A }, sites[1]!] }, false],
];

describe('scopeEnlargements — 四(二)', () => {
  it.each(TABLE)('%s → enlarges: %s', (_what, after, enlarges) => {
    const found = scopeEnlargements(applied(), after);
    expect(found.length > 0).toBe(enlarges);
    for (const b of found) expect([b.code, b.clause]).toEqual(['CORRECTION_SCOPE', '四(二)']);
  });

  it('lists every enlargement at once (一次性告知)', () => {
    const found = scopeEnlargements(applied(), {
      industryAuthority: OTHER_AUTHORITY,
      items: [
        { ...items[0]!, levels: [5, 4, 3] },
        { itemId: 'ci-88', name: '人工智能数据标注', levels: [] },
      ],
      sites: [...sites, { name: '黄浦考核点', district: OTHER_DISTRICT }],
    });
    expect(found.map((b) => b.ref)).toEqual([{ field: 'industryAuthority' }, { itemId: 'ci-30' }, { itemId: 'ci-88' }, { district: OTHER_DISTRICT }]);
  });
});

describe('checkCorrectionScope — refused after the window, allowed while it is open', () => {
  const c = caseIn('returned'); // the 2024 call: window closes 2024-08-29T00:00+08:00
  const open = '2024-08-28T23:59:59.999+08:00';
  const closed = '2024-08-29T00:00:00+08:00';

  it.each(TABLE)('%s', (_what, after, enlarges) => {
    const afterWindow = outcomeOf(() => checkCorrectionScope(c, applied(), after, ctxAt(closed).now), true);
    expect(afterWindow).toBe(enlarges ? 'CORRECTION_SCOPE 四(二)' : 'ok');
    // the positive twin: the same change while the window is still open
    expect(outcomeOf(() => checkCorrectionScope(c, applied(), after, ctxAt(open).now), true)).toBe('ok');
  });

  it('through decide: a returned application edited after the window', () => {
    const edit = (after: ProposedScope) => ({ type: 'edit' as const, recommendationFieldsChanged: false, scope: { before: applied(), after } });
    const actor = ACTORS.applicant;
    const run = (after: ProposedScope, now: string) => outcomeOf(() => decide(caseIn('returned'), edit(after), actor, ctxAt(now)), true);
    expect(run({ items: [...items, { itemId: 'ci-88', name: '人工智能数据标注', levels: [] }] }, '2024-08-30T10:00:00+08:00')).toBe('CORRECTION_SCOPE 四(二)');
    expect(run({ items: [items[1]!] }, '2024-08-30T10:00:00+08:00')).toBe('ok');
    // returned while the window was still open: anything may change, as before the return
    expect(run({ items: [...items, { itemId: 'ci-88', name: '人工智能数据标注', levels: [] }] }, '2024-08-28T10:00:00+08:00')).toBe('ok');
    // the refusal lists what enlarges, for the wizard to point at
    const r = refusalOf(() => decide(caseIn('returned'), edit({ industryAuthority: OTHER_AUTHORITY }), actor, ctxAt('2024-08-30T10:00:00+08:00')));
    expect(r.code).toBe('CORRECTION_SCOPE');
    expect(r.extra.blockers?.map((b) => b.ref)).toEqual([{ field: 'industryAuthority' }]);
  });
});
