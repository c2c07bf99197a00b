import { describe, expect, it } from 'vitest';
import { directoryQuery } from '../../../../contract/registry.js';
import { DirectoryIndex, intersect, type DirectoryEntry } from './directory-index.js';

/** The directory's meaning, said the slow way: what the inverted lists must answer, exactly. */
function reference(entries: DirectoryEntry[], q: ReturnType<typeof directoryQuery.parse>) {
  const text = q.q?.trim();
  const hits = entries.filter(
    (e) =>
      (!text || e.name.toLowerCase().includes(text.toLowerCase()) || e.uscc === text.toUpperCase()) &&
      (!q.district || e.district === q.district || e.siteDistricts.includes(q.district)) &&
      (!(q.itemSeq || q.level) || e.filings.some((f) => (!q.itemSeq || f.itemSeq === q.itemSeq) && (!q.level || f.levels.includes(q.level)))),
  );
  const start = (q.page - 1) * q.pageSize;
  return { total: hits.length, ids: hits.slice(start, start + q.pageSize).map((e) => e.organizationId) };
}

const CHARS = [...'上海浦东申城江职业技能培训评价有限公司中心学校AbC海上'];
const DISTRICTS = ['310101', '310104', '310115', '310120'];

/** A deterministic pseudo-random sequence (the test fails the same way every time it fails). */
function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n);
  };
}

function entry(i: number, name: string, r: (n: number) => number): DirectoryEntry {
  const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const uscc = `91310115MA1H${String(i).padStart(6, '0')}`;
  return {
    organizationId: id,
    name,
    uscc,
    district: DISTRICTS[r(4)]!,
    districtName: '区',
    siteDistricts: r(2) ? [DISTRICTS[r(4)]!] : [],
    filings: Array.from({ length: 1 + r(3) }, (_, k) => ({
      receiptNo: `SHPB-2024-${String(i * 10 + k).padStart(5, '0')}`,
      organizationId: id,
      organizationName: name,
      uscc,
      applicationItemId: id,
      itemName: '项目',
      itemSeq: 1 + r(6),
      occupationCode: null,
      levels: [3, 4, 5].filter(() => r(2) === 1),
      filedOn: '2024-10-09',
      validUntil: '2027-10-08',
      status: 'active' as const,
    })),
  };
}

describe('the directory index', () => {
  const r = rng(20_241_009);
  const names = Array.from({ length: 400 }, () => Array.from({ length: 3 + r(10) }, () => CHARS[r(CHARS.length)]).join(''));
  names.push('海上上海有限公司', '上海甲乙培训有限公司', '评价中心价中学');
  names.sort(); // the database's order (C collation: code points)
  const entries = names.map((n, i) => entry(i, n, r));
  const index = new DirectoryIndex('1', entries);
  const search = (params: Record<string, string | number>) => {
    const q = directoryQuery.parse(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])));
    const got = index.search(q);
    return { total: got.total, ids: got.items.map((e) => e.organizationId), want: reference(entries, q) };
  };

  it('finds a name by any part of it — one character, two, the middle, the whole — and nothing else', () => {
    for (let k = 0; k < 600; k++) {
      const name = names[r(names.length)]!;
      const len = 1 + r(Math.min(6, name.length));
      const at = r(name.length - len + 1);
      const { total, ids, want } = search({ q: name.slice(at, at + len), pageSize: 100 });
      expect({ total, ids }).toEqual(want);
      expect(total).toBeGreaterThan(0);
    }
  });

  it('a query whose every pair or triple of characters is in a name, but not the query itself, finds no such name', () => {
    // 海上上海: holds 海上 and 上海, not 海上海
    const { total, want } = search({ q: '海上海' });
    expect(total).toBe(want.total);
    expect(index.search(directoryQuery.parse({ q: '海上海', pageSize: '100' })).items.map((e) => e.name)).not.toContain('海上上海有限公司');
    expect(search({ q: '乙培' }).ids).toContain(entries.find((e) => e.name === '上海甲乙培训有限公司')!.organizationId);
    // 评价中心价中学: holds 评价中 and 价中学, not 评价中学
    const odd = entries.find((e) => e.name === '评价中心价中学')!.organizationId;
    expect(search({ q: '评价中学', pageSize: 100 }).ids).not.toContain(odd);
    expect(search({ q: '价中学', pageSize: 100 }).ids).toContain(odd);
  });

  it('agrees with the plain reading on every mix of text, USCC, district, item, level and page', () => {
    for (let k = 0; k < 1500; k++) {
      const params: Record<string, string | number> = { page: 1 + r(4), pageSize: 1 + r(30) };
      if (r(2)) params.q = r(5) === 0 ? entries[r(entries.length)]!.uscc.toLowerCase() : names[r(names.length)]!.slice(r(3), 3 + r(3));
      if (r(2)) params.district = DISTRICTS[r(4)]!;
      if (r(2)) params.itemSeq = 1 + r(7);
      if (r(2)) params.level = 1 + r(5);
      const { total, ids, want } = search(params);
      expect({ total, ids }, JSON.stringify(params)).toEqual(want);
    }
  });

  it('pages through everything in name order', () => {
    const first = search({ page: 1, pageSize: 100 });
    expect(first.total).toBe(entries.length);
    expect(first.ids).toEqual(entries.slice(0, 100).map((e) => e.organizationId));
    expect(search({ page: 5, pageSize: 100 }).ids).toEqual(entries.slice(400).map((e) => e.organizationId));
  });

  it('answers the same bytes as the objects it was built from', () => {
    const q = directoryQuery.parse({ q: '海', district: '310104' });
    const { total, ids } = reference(entries, q);
    const items = ids.map((id) => entries.find((e) => e.organizationId === id)!);
    const shown = items.map((e) => ({
      organizationId: e.organizationId,
      name: e.name,
      uscc: e.uscc,
      district: e.district,
      districtName: e.districtName,
      filings: e.filings,
    }));
    expect(items.length).toBeGreaterThan(0);
    expect(JSON.parse(index.searchJson(q).toString('utf8'))).toEqual({ total, items: shown });
  });

  it('memoises an answer once its query comes again, and answers the same bytes from the memo', () => {
    const q = directoryQuery.parse({ q: '培训', level: '4', page: '2', pageSize: '7' });
    const first = index.searchJson(q);
    const second = index.searchJson(q); // asked again: assembled and memoised
    const third = index.searchJson(q);
    expect(second).not.toBe(first);
    expect(third).toBe(second);
    expect(third.equals(first)).toBe(true);
    const { total, ids } = reference(entries, q);
    expect(index.search(q).total).toBe(total);
    expect(index.search(q).items.map((e) => e.organizationId)).toEqual(ids);
  });

  it('intersects sorted lists exactly', () => {
    for (let k = 0; k < 300; k++) {
      const a = Int32Array.from(new Set(Array.from({ length: r(50) }, () => r(200)))).sort();
      const b = Int32Array.from(new Set(Array.from({ length: r(200) }, () => r(200)))).sort();
      expect([...intersect(a, b)]).toEqual([...a].filter((x) => b.includes(x)));
    }
  });
});
