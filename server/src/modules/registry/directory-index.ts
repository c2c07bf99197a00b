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
  status: 'active' | 'expired' | 'revoked' | 'suspended';
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

const EMPTY = new Int32Array(0);

/**
 * The public directory (三(六)) held in memory: every organisation with an active filing, in the
 * database's name order, with inverted lists of positions (ascending, hence in name order):
 * - every 1- and 2-character substring of the lower-cased name (a CJK name has no words to split:
 *   any query of two characters or more is found through the rarest of its bigrams, then checked
 *   with `includes`, so an answer holds exactly the names containing the query — no false positive);
 * - the USCC; each district (the organisation's own and its sites'); each item, level and item+level
 *   of one active filing.
 * A query intersects the lists it names (smallest first), so its cost follows the size of its
 * answer, not of the directory. Rebuilt whenever the database says the directory changed.
 */
export class DirectoryIndex {
  private readonly lowerNames: string[];
  /** keyed by gram(): a character, or two */
  private readonly grams = new Map<number, Int32Array>();
  /** keyed by facet() */
  private readonly facets = new Map<number, Int32Array>();
  private readonly districts = new Map<string, Int32Array>();
  private readonly byUscc = new Map<string, number>();
  private readonly entryJson: (Buffer | undefined)[];
  private readonly cache = new Map<string, Buffer>();
  private cacheBytes = 0;

  constructor(
    readonly version: string,
    private readonly entries: DirectoryEntry[],
  ) {
    this.lowerNames = entries.map((e) => e.name.toLowerCase());
    this.entryJson = new Array<Buffer | undefined>(entries.length);
    const grams = new Map<number, number[]>();
    const facets = new Map<number, number[]>();
    const districts = new Map<string, number[]>();
    // positions come in order, so a list holds each once if a repeat of its last one is skipped
    const add = <K>(m: Map<K, number[]>, key: K, i: number) => {
      const list = m.get(key);
      if (list === undefined) m.set(key, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    };
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      const name = this.lowerNames[i]!;
      for (let k = 0; k < name.length; k++) {
        add(grams, gram(name.charCodeAt(k)), i);
        if (k + 1 < name.length) add(grams, gram(name.charCodeAt(k), name.charCodeAt(k + 1)), i);
      }
      this.byUscc.set(e.uscc, i);
      add(districts, e.district, i);
      for (const d of e.siteDistricts) add(districts, d, i);
      for (const f of e.filings) {
        add(facets, facet(f.itemSeq), i);
        for (const l of f.levels) {
          add(facets, facet(0, l), i);
          add(facets, facet(f.itemSeq, l), i);
        }
      }
    }
    for (const [k, v] of grams) this.grams.set(k, Int32Array.from(v));
    for (const [k, v] of facets) this.facets.set(k, Int32Array.from(v));
    for (const [k, v] of districts) this.districts.set(k, Int32Array.from(v));
  }

  get size(): number {
    return this.entries.length;
  }

  /** Positions of the names containing `lower` (already lower-cased, at least one character). */
  private namesContaining(lower: string): Int32Array {
    if (lower.length === 1) return this.grams.get(gram(lower.charCodeAt(0))) ?? EMPTY;
    let rarest: Int32Array | undefined;
    for (let k = 0; k + 1 < lower.length; k++) {
      const list = this.grams.get(gram(lower.charCodeAt(k), lower.charCodeAt(k + 1)));
      if (list === undefined) return EMPTY;
      if (rarest === undefined || list.length < rarest.length) rarest = list;
    }
    if (lower.length === 2) return rarest!;
    return rarest!.filter((i) => this.lowerNames[i]!.includes(lower));
  }

  /** The positions a query selects, ascending; `undefined` when it selects every entry. */
  private select(q: Query): Int32Array | undefined {
    const lists: Int32Array[] = [];
    const text = q.q?.trim();
    if (text) {
      const names = this.namesContaining(text.toLowerCase());
      const byUscc = this.byUscc.get(text.toUpperCase());
      lists.push(byUscc === undefined ? names : union(names, byUscc));
    }
    if (q.district) lists.push(this.districts.get(q.district) ?? EMPTY);
    if (q.itemSeq || q.level) lists.push(this.facets.get(facet(q.itemSeq ?? 0, q.level ?? 0)) ?? EMPTY);
    if (lists.length === 0) return undefined;
    lists.sort((a, b) => a.length - b.length);
    let hits = lists[0]!;
    for (let k = 1; k < lists.length && hits.length > 0; k++) hits = intersect(hits, lists[k]!);
    return hits;
  }

  search(q: Query): { total: number; items: DirectoryEntry[] } {
    const { total, positions } = this.page(q);
    return { total, items: positions.map((i) => this.entries[i]!) };
  }

  private page(q: Query): { total: number; positions: number[] } {
    const hits = this.select(q);
    const total = hits === undefined ? this.entries.length : hits.length;
    const start = (q.page - 1) * q.pageSize;
    const positions: number[] = [];
    for (let i = start; i < Math.min(total, start + q.pageSize); i++) positions.push(hits === undefined ? i : hits[i]!);
    return { total, positions };
  }

  /** One entry as the API shows it, serialised and encoded once per version of the directory. */
  private json(i: number): Buffer {
    let b = this.entryJson[i];
    if (b === undefined) {
      const e = this.entries[i]!;
      b = Buffer.from(
        JSON.stringify({
          organizationId: e.organizationId,
          name: e.name,
          uscc: e.uscc,
          district: e.district,
          districtName: e.districtName,
          filings: e.filings,
        }),
      );
      this.entryJson[i] = b;
    }
    return b;
  }

  /**
   * The answer to a query as UTF-8 JSON bytes: the entries' bytes put together, and the whole
   * memoised for this version of the directory (Chinese text makes UTF-8 encoding a real cost).
   */
  searchJson(q: Query): Buffer {
    const key = `${q.q ?? ''}\u0001${q.itemSeq ?? ''}\u0001${q.level ?? ''}\u0001${q.district ?? ''}\u0001${q.page}\u0001${q.pageSize}`;
    let json = this.cache.get(key);
    if (json === undefined) {
      const { total, positions } = this.page(q);
      const parts: Buffer[] = [Buffer.from(`{"total":${total},"items":[`)];
      positions.forEach((i, k) => parts.push(...(k === 0 ? [this.json(i)] : [COMMA, this.json(i)])));
      parts.push(CLOSE);
      json = Buffer.concat(parts);
      // bounded by bytes, oldest first out: a page of 20 organisations is ~40 KB
      this.cacheBytes += json.length;
      this.cache.set(key, json);
      for (const [k, v] of this.cache) {
        if (this.cacheBytes <= CACHE_BYTES) break;
        this.cache.delete(k);
        this.cacheBytes -= v.length;
      }
    }
    return json;
  }
}

/** The memoised answers of one version of the directory, at most (the entries' own bytes aside). */
const CACHE_BYTES = 32 * 1024 * 1024;
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');

/** A UTF-16 code unit, or two in a row, as one number (a pair never collides with a single unit). */
function gram(a: number, b?: number): number {
  return b === undefined ? -1 - a : a * 65_536 + b;
}

/** An item (catalogue number, 0 for any), a level (0 for any), or both, as one number. */
function facet(itemSeq: number, level = 0): number {
  return itemSeq * 8 + level;
}

/** The ascending positions in both lists (`a` the shorter): a walk of `a` galloping through `b`. */
export function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length);
  let n = 0;
  let lo = 0;
  for (let k = 0; k < a.length && lo < b.length; k++) {
    const x = a[k]!;
    // gallop to a bound, then binary search inside it
    let step = 1;
    let hi = lo;
    while (hi < b.length && b[hi]! < x) {
      lo = hi + 1;
      hi += step;
      step *= 2;
    }
    hi = Math.min(hi, b.length - 1);
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (b[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    if (b[lo] === x) out[n++] = x;
  }
  return out.subarray(0, n);
}

/** `list` with `x` added in its place (unless present). */
function union(list: Int32Array, x: number): Int32Array {
  let at = 0;
  while (at < list.length && list[at]! < x) at++;
  if (list[at] === x) return list;
  const out = new Int32Array(list.length + 1);
  out.set(list.subarray(0, at));
  out[at] = x;
  out.set(list.subarray(at), at + 1);
  return out;
}
