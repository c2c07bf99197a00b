import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_2024, type CatalogueSeedItem } from './catalogue-2024.data.js';
import { SHANGHAI_DISTRICTS } from './districts.data.js';

// the notice as the repository ships it (byte for byte ../shared/seed/000_11a72fc5be1ca42f.txt), so a clean clone checks it too
const NOTICE_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../web/src/features/notice/notice-270.md');

function item(seq: number): CatalogueSeedItem {
  const found = CATALOGUE_2024.find((i) => i.seq === seq);
  if (!found) throw new Error(`no catalogue item with seq ${seq}`);
  return found;
}

function levelKey(levels: readonly number[]): string {
  return levels.length === 0 ? '专项职业能力' : levels.join('、');
}

/** Parse the attachment table (two seq/name/level triples per tab-separated row). */
function parseAttachment(text: string): Map<number, { name: string; levels: string }> {
  const start = text.indexOf('征集遴选社会培训评价组织的项目范围\n');
  if (start < 0) throw new Error('attachment heading not found in notice');
  const rows = new Map<number, { name: string; levels: string }>();
  for (const line of text.slice(start).split(/\r?\n/)) {
    const cells = line.split('\t').map((c) => c.trim());
    if (!/^\d+$/.test(cells[0] ?? '')) continue;
    for (let i = 0; i + 2 < cells.length; i += 3) {
      const seq = cells[i];
      if (!seq) continue;
      const n = Number(seq);
      if (rows.has(n)) throw new Error(`duplicate seq ${n} in attachment`);
      rows.set(n, { name: cells[i + 1] ?? '', levels: cells[i + 2] ?? '' });
    }
  }
  return rows;
}

describe('CATALOGUE_2024', () => {
  it('has 89 items with seqs 1..89 in order', () => {
    expect(CATALOGUE_2024).toHaveLength(89);
    expect(CATALOGUE_2024.map((i) => i.seq)).toEqual(Array.from({ length: 89 }, (_, k) => k + 1));
  });

  it('has 87 occupations and 2 special vocational abilities', () => {
    const occupations = CATALOGUE_2024.filter((i) => i.kind === 'occupation');
    const special = CATALOGUE_2024.filter((i) => i.kind === 'special_ability');
    expect(occupations).toHaveLength(87);
    expect(special.map((i) => i.seq)).toEqual([88, 89]);
    for (const s of special) {
      expect(s.levels).toEqual([]);
      expect(s.occupationCode).toBeNull();
      expect(s.codeConfidence).toBeNull();
    }
  });

  it('has the level patterns counted from the notice', () => {
    const counts: Record<string, number> = {};
    for (const i of CATALOGUE_2024) {
      const key = levelKey(i.levels);
      counts[key] = (counts[key] ?? 0) + 1;
    }
    expect(counts).toEqual({ '5、4、3': 54, '4、3': 25, '3': 5, '5': 3, 专项职业能力: 2 });
    expect(CATALOGUE_2024.filter((i) => levelKey(i.levels) === '3').map((i) => i.seq)).toEqual([5, 21, 54, 68, 85]);
    expect(CATALOGUE_2024.filter((i) => levelKey(i.levels) === '5').map((i) => i.seq)).toEqual([8, 22, 56]);
    for (const i of CATALOGUE_2024) {
      if (i.kind === 'occupation') expect(i.levels.length).toBeGreaterThan(0);
    }
  });

  it('has unique names', () => {
    expect(new Set(CATALOGUE_2024.map((i) => i.name)).size).toBe(89);
  });

  it('has occupation/workType consistent with the printed name', () => {
    for (const i of CATALOGUE_2024) {
      const expected = i.workType ? `${i.occupation}（${i.workType}）` : i.occupation;
      expect(i.name, `seq ${i.seq}`).toBe(expected);
      expect(i.name, `seq ${i.seq}`).not.toMatch(/[()]/);
    }
  });

  it('gives every occupation a 2022 classification code', () => {
    for (const i of CATALOGUE_2024) {
      if (i.kind !== 'occupation') continue;
      expect(i.occupationCode, `seq ${i.seq}`).toMatch(/^\d-\d{2}-\d{2}-\d{2}$/);
      expect(i.codeConfidence, `seq ${i.seq}`).toBeTruthy();
    }
  });

  it('uses the same code for work types of one occupation', () => {
    const byOccupation = new Map<string, Set<string | null>>();
    for (const i of CATALOGUE_2024) {
      const codes = byOccupation.get(i.occupation) ?? new Set();
      codes.add(i.occupationCode);
      byOccupation.set(i.occupation, codes);
    }
    for (const [occupation, codes] of byOccupation) expect(codes.size, occupation).toBe(1);
  });

  it('keeps officialName and aliases coherent', () => {
    for (const i of CATALOGUE_2024) {
      if (i.officialName === i.occupation) {
        expect(i.aliases, `seq ${i.seq}`).toEqual([]);
      } else {
        expect(i.aliases, `seq ${i.seq}`).toContain(i.officialName);
      }
    }
    expect(CATALOGUE_2024.filter((i) => i.officialName !== i.occupation).map((i) => i.seq)).toEqual([54, 79]);
  });

  describe('spot checks', () => {
    it('row 1', () => {
      expect(item(1)).toEqual({
        seq: 1,
        name: '安全防范系统安装维护员',
        occupation: '安全防范系统安装维护员',
        workType: null,
        kind: 'occupation',
        levels: [5, 4, 3],
        occupationCode: '4-07-05-04',
        officialName: '安全防范系统安装维护员',
        aliases: [],
        codeConfidence: 'high',
      });
    });

    it('row 2', () => {
      expect(item(2)).toMatchObject({
        name: '信息安全测试员（渗透测试员）',
        occupation: '信息安全测试员',
        workType: '渗透测试员',
        kind: 'occupation',
        levels: [4, 3],
        occupationCode: '4-04-04-04',
      });
    });

    it('row 22 (no work type, level 5 only)', () => {
      expect(item(22)).toMatchObject({
        name: '贵金属首饰与宝玉石检测员',
        workType: null,
        levels: [5],
        occupationCode: '4-08-05-03',
      });
    });

    it('row 54 物流师 → 物流服务师', () => {
      expect(item(54)).toMatchObject({
        name: '物流师',
        occupation: '物流师',
        workType: null,
        levels: [3],
        occupationCode: '4-02-06-03',
        officialName: '物流服务师',
        aliases: ['物流服务师'],
      });
    });

    it('row 79 kept as printed 插花茶艺师, official 插花花艺师', () => {
      expect(item(79)).toMatchObject({
        name: '插花茶艺师',
        occupation: '插花茶艺师',
        workType: null,
        levels: [5, 4, 3],
        occupationCode: '4-09-10-05',
        officialName: '插花花艺师',
        aliases: ['插花花艺师'],
      });
    });

    it('row 82 茶艺师 is distinct from row 79', () => {
      expect(item(82)).toMatchObject({
        name: '茶艺师',
        officialName: '茶艺师',
        aliases: [],
        levels: [5, 4, 3],
        occupationCode: '4-03-02-07',
      });
      expect(item(82).occupationCode).not.toBe(item(79).occupationCode);
    });

    it('row 85', () => {
      expect(item(85)).toMatchObject({
        name: '建筑信息模型技术员（建筑工程）',
        occupation: '建筑信息模型技术员',
        workType: '建筑工程',
        levels: [3],
        occupationCode: '4-08-08-23',
      });
    });

    it('rows 88 and 89 are special vocational abilities', () => {
      for (const [seq, name] of [
        [88, '人工智能数据标注'],
        [89, '人工智能模型运用'],
      ] as const) {
        expect(item(seq)).toEqual({
          seq,
          name,
          occupation: name,
          workType: null,
          kind: 'special_ability',
          levels: [],
          occupationCode: null,
          officialName: name,
          aliases: [],
          codeConfidence: null,
        });
      }
    });
  });

  it('matches the attachment table in the notice', () => {
    const rows = parseAttachment(readFileSync(NOTICE_PATH, 'utf8'));
    expect([...rows.keys()].sort((a, b) => a - b)).toEqual(CATALOGUE_2024.map((i) => i.seq));
    for (const i of CATALOGUE_2024) {
      const row = rows.get(i.seq);
      expect(row, `seq ${i.seq}`).toBeDefined();
      expect(i.name, `seq ${i.seq}`).toBe(row?.name);
      expect(levelKey(i.levels), `seq ${i.seq}`).toBe(row?.levels);
    }
  });
});

describe('SHANGHAI_DISTRICTS', () => {
  it('has the 16 districts with unique 6-digit codes under 3101', () => {
    expect(SHANGHAI_DISTRICTS).toHaveLength(16);
    for (const d of SHANGHAI_DISTRICTS) expect(d.code).toMatch(/^3101\d{2}$/);
    expect(new Set(SHANGHAI_DISTRICTS.map((d) => d.code)).size).toBe(16);
    expect(new Set(SHANGHAI_DISTRICTS.map((d) => d.name)).size).toBe(16);
    expect(SHANGHAI_DISTRICTS[0]).toEqual({ code: '310101', name: '黄浦区' });
    expect(SHANGHAI_DISTRICTS.find((d) => d.code === '310115')?.name).toBe('浦东新区');
    expect(SHANGHAI_DISTRICTS[15]).toEqual({ code: '310151', name: '崇明区' });
  });
});
