import { describe, expect, it } from 'vitest';
import { checkCatalogueEdit, checkCatalogueItem, checkItemInUse, type CatalogueEdit, type CatalogueItemFacts } from './catalogue.js';
import { Refusal } from './refusal.js';

function refusalOf(f: () => void): Refusal | null {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof Refusal) return e;
    throw e;
  }
}

// 附件注: the catalogue follows the 大典; this call's rule: edits before the window opens, only additions after.
const OPENS = new Date('2024-08-01T00:00:00+08:00');
const BEFORE = new Date('2024-07-31T23:59:59.999+08:00');
const AT = OPENS;
const AFTER = new Date('2024-09-15T10:00:00+08:00');

describe('when a call’s catalogue may change (本批次规则)', () => {
  const TABLE: [CatalogueEdit, Date, boolean][] = [
    ['add', BEFORE, true],
    ['add', AT, true],
    ['add', AFTER, true],
    ['update', BEFORE, true],
    ['update', AT, false],
    ['update', AFTER, false],
    ['remove', BEFORE, true],
    ['remove', AT, false],
    ['remove', AFTER, false],
  ];
  it.each(TABLE)('%s at %s → allowed %s', (edit, now, allowed) => {
    const r = refusalOf(() => checkCatalogueEdit(edit, OPENS, now));
    if (allowed) expect(r).toBeNull();
    else {
      expect(r?.code).toBe('CONFLICT');
      expect(r?.clause).toBe('本批次规则');
      expect(r?.detail).toContain('只能增补');
      expect(r?.detail).toContain(edit === 'update' ? '不能修改' : '不能删除');
    }
  });
});

describe('an item’s own consistency', () => {
  const TABLE: [string, CatalogueItemFacts & { occupationCode?: string | null }, string | null][] = [
    ['occupation with levels', { kind: 'occupation', levels: [5, 4, 3] }, null],
    ['occupation with one level', { kind: 'occupation', levels: [1] }, null],
    ['occupation without levels', { kind: 'occupation', levels: [] }, '至少选择一个等级'],
    ['occupation with level 6', { kind: 'occupation', levels: [6, 5] }, '6 不是有效等级'],
    ['occupation with level 0', { kind: 'occupation', levels: [0] }, '0 不是有效等级'],
    ['occupation with a repeated level', { kind: 'occupation', levels: [4, 4] }, '等级有重复'],
    ['special ability without levels', { kind: 'special_ability', levels: [] }, null],
    ['special ability with a level', { kind: 'special_ability', levels: [5] }, '不分等级'],
    ['a 大典 code', { kind: 'occupation', levels: [5], occupationCode: '4-07-05-04' }, null],
    ['a work type code', { kind: 'occupation', levels: [5], occupationCode: '6-28-01-14-01' }, null],
    ['no code', { kind: 'occupation', levels: [5], occupationCode: null }, null],
    ['a code of another shape', { kind: 'occupation', levels: [5], occupationCode: '4070504' }, '格式不对'],
    ['a code of major group 9', { kind: 'occupation', levels: [5], occupationCode: '9-07-05-04' }, '格式不对'],
  ];
  it.each(TABLE)('%s', (_what, item, refused) => {
    const r = refusalOf(() => checkCatalogueItem(item));
    if (refused === null) expect(r).toBeNull();
    else {
      expect(r?.code).toBe('VALIDATION_FAILED');
      expect(r?.detail).toContain(refused);
      expect(r?.clause).toBeUndefined();
    }
  });
});

describe('drafts keep what they chose', () => {
  const item: CatalogueItemFacts = { kind: 'occupation', levels: [5, 4, 3] };
  it('an item nobody chose can be removed or narrowed', () => {
    expect(refusalOf(() => checkItemInUse('remove', null, { drafts: 0, levels: [] }))).toBeNull();
    expect(refusalOf(() => checkItemInUse('update', { ...item, levels: [5] }, { drafts: 0, levels: [] }))).toBeNull();
  });
  it('an item a draft chose cannot be removed', () => {
    expect(refusalOf(() => checkItemInUse('remove', null, { drafts: 2, levels: [4] }))?.detail).toContain('已有 2 份申报');
  });
  it('a level in use cannot be dropped; other levels can', () => {
    expect(refusalOf(() => checkItemInUse('update', { ...item, levels: [5] }, { drafts: 1, levels: [4] }))?.detail).toContain('四级');
    expect(refusalOf(() => checkItemInUse('update', { ...item, levels: [4] }, { drafts: 1, levels: [4] }))).toBeNull();
    expect(refusalOf(() => checkItemInUse('update', { kind: 'special_ability', levels: [] }, { drafts: 1, levels: [5, 4] }))?.detail).toContain('五级、四级');
  });
});
