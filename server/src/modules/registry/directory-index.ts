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

/** An entry as the API shows it (its sites' districts are for searching only). */
export type ShownEntry = Omit<DirectoryEntry, 'siteDistricts'>;

const EMPTY = new Int32Array(0);

/**
 * The public directory (三(六)) held in memory: every organisation with an active filing, in the
 * database's name order, with inverted lists of positions (ascending, hence in name order):
 * - every 1-, 2- and 3-character substring of the lower-cased name (a CJK name has no words to
 *   split): a query of up to three characters is one list, exactly; a longer one intersects the
 *   lists of its trigrams and checks what remains with `includes` (after any other condition has
 *   narrowed it), so an answer holds exactly the names containing the query — no false positive;
 * - the USCC; each district (the organisation's own and its sites'); each item, level and item+level
 *   of one active filing.
 * A query intersects the lists it names (smallest first), so its cost follows the size of its
 * answer, not of the directory. Rebuilt whenever the database says the directory changed.
 */
export class DirectoryIndex {
  private readonly lowerNames: string[];
  /** keyed by gram(): a character, two or three */
  private readonly grams = new Map<number, Int32Array>();
  /** keyed by facet() */
  private readonly facets = new Map<number, Int32Array>();
  private readonly districts = new Map<string, Int32Array>();
  private readonly byUscc = new Map<string, number>();
  /**
   * Each entry's JSON bytes once shown; its objects are let go then (`entries[i]` cleared), so the
   * heap the garbage collector marks shrinks to the lists and names as the directory gets read.
   */
  private readonly entryJson: (Buffer | undefined)[];
  private readonly entries: (DirectoryEntry | undefined)[];
  /** two arrays a query's intersections take turns writing into: no allocation per query */
  private readonly scratch: [Int32Array, Int32Array];
  private readonly cache = new Map<string, Buffer>();
  private cacheBytes = 0;
  /** queries asked once (keys only, bounded): an answer is memoised when its query comes again */
  private readonly seen = new Set<string>();
  readonly size: number;

  constructor(
    readonly version: string,
    entries: DirectoryEntry[],
  ) {
    this.size = entries.length;
    this.entries = [...entries];
    this.lowerNames = entries.map((e) => e.name.toLowerCase());
    this.entryJson = new Array<Buffer | undefined>(entries.length);
    this.scratch = [new Int32Array(entries.length), new Int32Array(entries.length)];
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
        const a = name.charCodeAt(k);
        add(grams, gram(a), i);
        if (k + 1 < name.length) add(grams, gram(a, name.charCodeAt(k + 1)), i);
        if (k + 2 < name.length) add(grams, gram(a, name.charCodeAt(k + 1), name.charCodeAt(k + 2)), i);
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

  /**
   * The lists whose intersection holds every name containing `lower` (already lower-cased, at least
   * one character): its own list up to three characters (exact), else the lists of its trigrams —
   * then `exact` is false and the survivors are checked with `includes` (see `select`).
   */
  private namesContaining(lower: string): { lists: Int32Array[]; exact: boolean } {
    const c = (k: number) => lower.charCodeAt(k);
    if (lower.length <= 3) {
      const key = lower.length === 1 ? gram(c(0)) : lower.length === 2 ? gram(c(0), c(1)) : gram(c(0), c(1), c(2));
      return { lists: [this.grams.get(key) ?? EMPTY], exact: true };
    }
    const lists: Int32Array[] = [];
    for (let k = 0; k + 2 < lower.length; k++) {
      const list = this.grams.get(gram(c(k), c(k + 1), c(k + 2)));
      if (list === undefined) return { lists: [EMPTY], exact: true };
      lists.push(list);
    }
    return { lists, exact: false };
  }

  /** The positions a query selects, ascending; `undefined` when it selects every entry. */
  private select(q: Query): Int32Array | undefined {
    const lists: Int32Array[] = [];
    const text = q.q?.trim();
    let check: string | undefined;
    if (text) {
      const lower = text.toLowerCase();
      const names = this.namesContaining(lower);
      const uscc = this.byUscc.get(text.toUpperCase());
      if (uscc === undefined) {
        lists.push(...names.lists);
        if (!names.exact) check = lower;
      } else {
        // a USCC: its organisation, with any name containing the text (checked on its own)
        lists.push(union(this.verified(this.intersectAll(names.lists), names.exact ? undefined : lower), uscc));
      }
    }
    if (q.district) lists.push(this.districts.get(q.district) ?? EMPTY);
    if (q.itemSeq || q.level) lists.push(this.facets.get(facet(q.itemSeq ?? 0, q.level ?? 0)) ?? EMPTY);
    if (lists.length === 0) return undefined;
    return this.verified(this.intersectAll(lists), check);
  }

  /** The ascending positions in every list (at least one), smallest lists first, in a scratch array. */
  private intersectAll(lists: Int32Array[]): Int32Array {
    if (lists.length > 1) lists.sort((a, b) => a.length - b.length);
    let hits = lists[0]!;
    for (let k = 1; k < lists.length && hits.length > 0; k++) hits = intersect(hits, lists[k]!, this.spare(hits));
    return hits;
  }

  /** The scratch array `hits` is not in. */
  private spare(hits: Int32Array): Int32Array {
    return hits.buffer === this.scratch[0].buffer ? this.scratch[1] : this.scratch[0];
  }

  /** The positions in `hits` whose name contains `lower` (all of them when there is nothing to check). */
  private verified(hits: Int32Array, lower: string | undefined): Int32Array {
    if (lower === undefined) return hits;
    // in place when `hits` is scratch (each is written no later than it is read), else into scratch
    const out = hits.buffer === this.scratch[1].buffer ? this.scratch[1] : this.scratch[0];
    let n = 0;
    for (let k = 0; k < hits.length; k++) if (this.lowerNames[hits[k]!]!.includes(lower)) out[n++] = hits[k]!;
    return out.subarray(0, n);
  }

  /** The answer as the API shows it (`searchJson`'s bytes, parsed). */
  search(q: Query): { total: number; items: ShownEntry[] } {
    return JSON.parse(this.searchJson(q).toString('utf8')) as { total: number; items: ShownEntry[] };
  }

  private page(q: Query): { total: number; positions: number[] } {
    const hits = this.select(q);
    const total = hits === undefined ? this.size : hits.length;
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
      const shown: ShownEntry = {
        organizationId: e.organizationId,
        name: e.name,
        uscc: e.uscc,
        district: e.district,
        districtName: e.districtName,
        filings: e.filings,
      };
      b = Buffer.from(JSON.stringify(shown));
      this.entryJson[i] = b;
      this.entries[i] = undefined;
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
      // one allocation: the head (ASCII), the entries with commas between them, `]}`
      const head = `{"total":${total},"items":[`;
      let length = head.length + Math.max(0, positions.length - 1) + 2;
      for (const i of positions) length += this.json(i).length;
      json = Buffer.allocUnsafe(length);
      let at = json.write(head, 'latin1');
      for (let k = 0; k < positions.length; k++) {
        if (k > 0) json[at++] = COMMA;
        const b = this.entryJson[positions[k]!]!;
        json.set(b, at);
        at += b.length;
      }
      json[at++] = CLOSE_BRACKET;
      json[at] = CLOSE_BRACE;
      this.remember(key, json);
    }
    return json;
  }

  /**
   * Memoises an answer the second time its query is asked: the queries asked once (a USCC, a name's
   * middle) no longer push out the ones asked again and again (an item, a district's pages), which a
   * memo that took every answer lost within a second under the bench's mix.
   */
  private remember(key: string, json: Buffer): void {
    if (!this.seen.delete(key)) {
      this.seen.add(key);
      if (this.seen.size > SEEN_KEYS) this.seen.delete(this.seen.values().next().value!);
      return;
    }
    // bounded by bytes, oldest first out: a page of 20 organisations is ~40 KB
    this.cacheBytes += json.length;
    this.cache.set(key, json);
    while (this.cacheBytes > CACHE_BYTES) {
      const [k, v] = this.cache.entries().next().value!;
      this.cache.delete(k);
      this.cacheBytes -= v.length;
    }
  }
}

/** The memoised answers of one version of the directory, at most (the entries' own bytes aside). */
const CACHE_BYTES = 32 * 1024 * 1024;
/** queries remembered as asked once, at most (their keys only) */
const SEEN_KEYS = 8192;
const COMMA = 0x2c;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/**
 * A UTF-16 code unit, two or three in a row, as one number: a single unit is negative, a pair below
 * 2³², a triple (whose first unit is never 0: PostgreSQL's text holds no NUL) from 2³² on.
 */
function gram(a: number, b?: number, c?: number): number {
  return b === undefined ? -1 - a : c === undefined ? a * 65_536 + b : (a * 65_536 + b) * 65_536 + c;
}

/** An item (catalogue number, 0 for any), a level (0 for any), or both, as one number. */
function facet(itemSeq: number, level = 0): number {
  return itemSeq * 8 + level;
}

/**
 * The ascending positions in both lists (`a` the shorter): a walk of `a` galloping through `b`,
 * written into `out` (room for `a`; it may be `a` itself, never `b`).
 */
export function intersect(a: Int32Array, b: Int32Array, out: Int32Array = new Int32Array(a.length)): Int32Array {
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

/** A new list: `list` with `x` added in its place (unless present). */
function union(list: Int32Array, x: number): Int32Array {
  let at = 0;
  while (at < list.length && list[at]! < x) at++;
  if (list[at] === x) return list.slice(); // `list` may be scratch, which the query's next step reuses
  const out = new Int32Array(list.length + 1);
  out.set(list.subarray(0, at));
  out[at] = x;
  out.set(list.subarray(at), at + 1);
  return out;
}
