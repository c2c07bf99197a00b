import type { z } from 'zod';
import type { directoryQuery } from '../../../../contract/registry.js';

export interface DirectoryFiling {
  receiptNo: string;
  organizationId: string;
  organizationName: string;
  uscc: string;
  applicationItemId: string;
  itemName: string;
  itemSeq: number;
  occupationCode: string | null;
  levels: number[];
  filedOn: string;
  validUntil: string;
  status: 'active' | 'expired' | 'revoked';
}

export interface DirectoryEntry {
  organizationId: string;
  name: string;
  uscc: string;
  district: string;
  districtName: string;
  /** districts of the assessment sites of applications with an active filing */
  siteDistricts: string[];
  filings: DirectoryFiling[];
}

type Query = z.infer<typeof directoryQuery>;

/**
 * The public directory (三(六)) held in memory: every organisation with an active filing, in the
 * database's name order. Searching it is a scan of a few thousand entries — microseconds — and it
 * is rebuilt whenever the database says the directory changed (see RegistryService).
 */
export class DirectoryIndex {
  private readonly lowerNames: string[];
  private readonly cache = new Map<string, Buffer>();

  constructor(
    readonly version: string,
    private readonly entries: DirectoryEntry[],
  ) {
    this.lowerNames = entries.map((e) => e.name.toLowerCase());
  }

  get size(): number {
    return this.entries.length;
  }

  search(q: Query): { total: number; items: DirectoryEntry[] } {
    const text = q.q?.trim();
    const lower = text?.toLowerCase();
    const upper = text?.toUpperCase();
    const hits: DirectoryEntry[] = [];
    for (let i = 0; i < this.entries.length; i++) {
      const e = this.entries[i]!;
      if (text && !this.lowerNames[i]!.includes(lower!) && e.uscc !== upper) continue;
      if (q.district && e.district !== q.district && !e.siteDistricts.includes(q.district)) continue;
      if ((q.itemSeq || q.level) && !e.filings.some((f) => (!q.itemSeq || f.itemSeq === q.itemSeq) && (!q.level || f.levels.includes(q.level)))) continue;
      hits.push(e);
    }
    const start = (q.page - 1) * q.pageSize;
    return { total: hits.length, items: hits.slice(start, start + q.pageSize) };
  }

  /**
   * The answer to a query as UTF-8 JSON bytes, memoised for this version of the directory: a hit
   * costs neither serialising nor encoding (Chinese text makes UTF-8 encoding a real cost).
   */
  searchJson(q: Query): Buffer {
    const key = `${q.q ?? ''}\u0001${q.itemSeq ?? ''}\u0001${q.level ?? ''}\u0001${q.district ?? ''}\u0001${q.page}\u0001${q.pageSize}`;
    let json = this.cache.get(key);
    if (json === undefined) {
      const r = this.search(q);
      json = Buffer.from(
        JSON.stringify({
          total: r.total,
          items: r.items.map((e) => ({
            organizationId: e.organizationId,
            name: e.name,
            uscc: e.uscc,
            district: e.district,
            districtName: e.districtName,
            filings: e.filings,
          })),
        }),
      );
      if (this.cache.size >= 10_000) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, json);
    }
    return json;
  }
}
