import { describe, expect, it } from 'vitest';
import { auditLeaf, auditLeafFields, canonicalJson, canonicalJsonByReplacer, filingLeaf, type FilingFacts } from './leaves.js';

/** A random JSON-ish value: what records are made of, and the awkward corners of JSON.stringify. */
function randomValue(rnd: () => number, depth = 0): unknown {
  const pick = Math.floor(rnd() * (depth > 3 ? 7 : 10));
  const strings = [
    '',
    'a',
    'B',
    '状态',
    'é\u0301',
    '"quoted"\\',
    '\n\t\u0000\u001f',
    '\ud800',
    '😀',
    '10',
    '2',
    '01',
    '-1',
    '4294967295',
    '4294967294',
    'toString',
    '__proto__',
  ];
  const str = () => strings[Math.floor(rnd() * strings.length)]!;
  switch (pick) {
    case 0:
      return str();
    case 1:
      return [0, -0, 1.5, -3, 1e21, 1e-7, NaN, Infinity, Number.MAX_SAFE_INTEGER][Math.floor(rnd() * 9)];
    case 2:
      return rnd() < 0.5;
    case 3:
      return null;
    case 4:
      return undefined;
    case 5:
      return new Date(Math.floor(rnd() * 4e12));
    case 6:
      return str() + String(Math.floor(rnd() * 100));
    case 7:
      return Array.from({ length: Math.floor(rnd() * 4) }, () => randomValue(rnd, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(rnd() * 6); i > 0; i--) o[rnd() < 0.3 ? String(Math.floor(rnd() * 20)) : str()] = randomValue(rnd, depth + 1);
      return o;
    }
  }
}

/** The text, or that it throws (as the definition does for a Date's toJSON reached through another object). */
const outcome = (f: (v: unknown) => string, v: unknown) => {
  try {
    return f(v);
  } catch {
    return 'throws';
  }
};

describe('canonicalJson', () => {
  it('writes exactly what its definition (JSON.stringify with a sorting replacer) writes', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5000; i++) {
      const v = randomValue(rnd);
      expect(outcome(canonicalJson, v)).toBe(outcome(canonicalJsonByReplacer, v));
    }
  });

  it('the corners: index-like keys first in numeric order, omitted and null members, toJSON, dates, unusual objects', () => {
    const cases: unknown[] = [
      { b: 1, a: 2, 10: 'x', 2: 'y', '01': 'z', 4294967295: 'big', 4294967294: 'max' },
      { u: undefined, f: () => 1, s: Symbol('s'), n: null, arr: [undefined, () => 1, Symbol('t'), null] },
      { toJSON: () => ({ z: 1, a: 2 }) },
      { nested: { toJSON: () => 'custom' }, d: new Date(0), bad: new Date(NaN) },
      { toJSON: 'not a function', k: 1 },
      Object.assign(Object.create(null) as object, { b: 1, a: 2 }),
      new Map([[1, 2]]),
      [new Number(3), new String('s'), new Boolean(false)],
      Object.assign([1, 2], { extra: 3 }),
      // eslint-disable-next-line no-sparse-arrays
      [1, , 3],
      'plain',
      42,
      null,
      { before: { status: 'active' }, after: { on: '2024-06-01', status: 'expired' }, at: '2024-06-01T01:00:00.000Z' },
    ];
    for (const v of cases) expect(canonicalJson(v)).toBe(canonicalJsonByReplacer(v));
    expect(canonicalJson(undefined)).toBe(canonicalJsonByReplacer(undefined));
    expect(() => canonicalJson({ n: 1n })).toThrow();
  });

  it('audit and filing leaves are the canonical JSON of their fields (keys written in their sorted order)', () => {
    const row = {
      seq: '17',
      at: new Date('2024-06-01T01:00:00.123Z'),
      business_at: '2024-06-01T01:00:00Z',
      actor_id: null,
      actor_role: 'admin',
      actor_label: '系统（期限到期处理）',
      ip: '127.0.0.1',
      request_id: null,
      action: 'filing.expire',
      entity_type: 'filing',
      entity_id: 'SWPB-2021-000001',
      result: 'ok',
      before: { status: 'active', nested: { b: [1, { z: 1, a: 2 }], a: null } },
      after: null,
    };
    for (const legacy of [false, true]) expect(auditLeaf(row, legacy).toString('utf8')).toBe(canonicalJsonByReplacer(auditLeafFields(row, legacy)));
    const facts: FilingFacts = {
      type: 'filing.expired',
      receiptNo: 'SHPB-2024-00001',
      uscc: '91310115MA1K4TWP0X',
      organizationName: '上海“引号”\\培训中心',
      itemName: '电工',
      levels: [3, 1, 2],
      filedOn: '2021-01-04',
      validUntil: '2024-01-05',
      status: 'expired',
      at: '2024-01-06T00:00:01+08:00',
    };
    const keys = ['at', 'filedOn', 'itemName', 'levels', 'organizationName', 'receiptNo', 'status', 'type', 'uscc', 'validUntil'] as const;
    const byDefinition = canonicalJsonByReplacer(Object.fromEntries(keys.map((k) => [k, k === 'levels' ? [1, 2, 3] : facts[k]])));
    expect(filingLeaf({ ...facts, extra: 'ignored' } as FilingFacts)).toBe(byDefinition);
  });
});
