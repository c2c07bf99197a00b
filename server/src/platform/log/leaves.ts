import crypto from 'node:crypto';
import { keyHash, rawPublicKey } from './note.js';

/**
 * What the log's leaves are made of, byte for byte, and how a record proves it was written by this
 * system. Two kinds of leaf:
 *  - an audit record: the canonical JSON of its fields (who, when, what, before/after) — private;
 *    only its hash is ever published;
 *  - a filing event: the canonical JSON of public facts only (api-v1 "Trust"), published whole in
 *    proofs so anyone can read what the log says about a receipt.
 * Each record carries a MAC (HMAC-SM3, 国密) under a key derived from the log's private key, which
 * lives outside the database: a row added behind the system's back has no valid MAC, so the
 * integrator will not sequence it and verification points at it.
 */

/**
 * JSON with keys sorted at every depth, so jsonb's own key order never changes a byte. Defined as
 * `JSON.stringify` with a replacer that re-creates every object with its entries sorted
 * (`canonicalJsonByReplacer`); written out by hand for the values records are made of (plain
 * objects, arrays, strings, numbers, booleans, null, Dates) — byte for byte the same text, five
 * times faster (a sweep seals and the log checks tens of thousands). Anything else takes the definition.
 */
export function canonicalJson(value: unknown): string {
  const out = canonical(value, true);
  return out === NOT_PLAIN ? canonicalJsonByReplacer(value) : (out as string);
}

/** The definition of `canonicalJson`. */
export function canonicalJsonByReplacer(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

const NOT_PLAIN = Symbol('not plain');
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** An array index: as an object's own key it comes first, in numeric order (left to the definition). */
const isIndex = (k: string) => {
  const c = k.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(?:0|[1-9]\d{0,9})$/.test(k) && Number(k) < 4294967295;
};
const quotedKeys = new Map<string, string>();
const quoted = (k: string) => {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    if (quotedKeys.size < 1000) quotedKeys.set(k, q);
  }
  return q;
};

/** The text of a value; undefined where JSON.stringify leaves a member out; NOT_PLAIN for anything unusual. */
function canonical(v: unknown, top = false): string | undefined | typeof NOT_PLAIN {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      return top ? NOT_PLAIN : undefined;
    case 'object':
      break;
    default:
      return NOT_PLAIN; // bigint
  }
  if (v === null) return 'null';
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto === Array.prototype) {
    const a = v as unknown[];
    if ('toJSON' in a) return NOT_PLAIN;
    let s = '[';
    for (let i = 0; i < a.length; i++) {
      const e = canonical(a[i]);
      if (e === NOT_PLAIN) return NOT_PLAIN;
      s += (i ? ',' : '') + (e ?? 'null');
    }
    return s + ']';
  }
  if (proto === Date.prototype) return Object.hasOwn(v, 'toJSON') ? NOT_PLAIN : canonical((v as Date).toJSON());
  if ((proto !== Object.prototype && proto !== null) || 'toJSON' in v) return NOT_PLAIN;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort(byCodeUnits);
  let s = '{';
  let first = true;
  for (const k of keys) {
    if (isIndex(k)) return NOT_PLAIN;
    const e = canonical(o[k]);
    if (e === NOT_PLAIN) return NOT_PLAIN;
    if (e === undefined) continue;
    s += (first ? '' : ',') + quoted(k) + ':' + e;
    first = false;
  }
  return s + '}';
}

/** `canonicalJson` of an object with these keys (given sorted), without sorting them again. */
function canonicalOf(o: Record<string, unknown>, sortedKeys: readonly string[], quotedKeys: readonly string[]): string {
  let s = '{';
  let first = true;
  for (let i = 0; i < sortedKeys.length; i++) {
    const e = canonical(o[sortedKeys[i]!]);
    if (e === NOT_PLAIN) return canonicalJsonByReplacer(Object.fromEntries(sortedKeys.map((k) => [k, o[k]])));
    if (e === undefined) continue;
    s += (first ? '' : ',') + quotedKeys[i] + ':' + e;
    first = false;
  }
  return s + '}';
}

/**
 * The fields of an audit record that its leaf covers: all of them but `seq` — a record's identity
 * comes from a sequence when it is inserted, after its MAC was computed; its place in history is its
 * leaf index. (Records written before the log, sealed by their SM3 chain, keep `seq` in their leaf.)
 */
export interface AuditLeafFields {
  seq?: string;
  at: string;
  business_at: string;
  actor_id: string | null;
  actor_role: string | null;
  actor_label: string;
  ip: string | null;
  request_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  result: string;
  before: unknown;
  after: unknown;
}

/** An audit row as the database returns it (timestamps as Date or string, jsonb parsed). */
export type AuditRowLike = Omit<AuditLeafFields, 'seq' | 'at' | 'business_at'> & { seq?: string | number; at: Date | string; business_at: Date | string };

export function auditLeafFields(r: AuditRowLike, legacy = false): AuditLeafFields {
  return {
    ...(legacy ? { seq: String(r.seq) } : {}),
    at: new Date(r.at).toISOString(),
    business_at: new Date(r.business_at).toISOString(),
    actor_id: r.actor_id,
    actor_role: r.actor_role,
    actor_label: r.actor_label,
    ip: r.ip,
    request_id: r.request_id,
    action: r.action,
    entity_type: r.entity_type,
    entity_id: r.entity_id,
    result: r.result,
    before: r.before ?? null,
    after: r.after ?? null,
  };
}

const AUDIT_KEYS = [
  'action',
  'actor_id',
  'actor_label',
  'actor_role',
  'after',
  'at',
  'before',
  'business_at',
  'entity_id',
  'entity_type',
  'ip',
  'request_id',
  'result',
];
const LEGACY_AUDIT_KEYS = [...AUDIT_KEYS, 'seq'];
const AUDIT_QUOTED = AUDIT_KEYS.map((k) => JSON.stringify(k));
const LEGACY_AUDIT_QUOTED = LEGACY_AUDIT_KEYS.map((k) => JSON.stringify(k));

/** The leaf bytes of an audit record; `legacy` for one written before the log (its SM3 chain's text). */
export function auditLeaf(r: AuditRowLike, legacy = false): Buffer {
  const fields = auditLeafFields(r, legacy) as unknown as Record<string, unknown>;
  return Buffer.from(legacy ? canonicalOf(fields, LEGACY_AUDIT_KEYS, LEGACY_AUDIT_QUOTED) : canonicalOf(fields, AUDIT_KEYS, AUDIT_QUOTED), 'utf8');
}

/** The public facts of a filing event — nothing else may enter its leaf. */
export interface FilingFacts {
  type: 'filing.issued' | 'filing.suspended' | 'filing.resumed' | 'filing.expired' | 'filing.revoked';
  receiptNo: string;
  uscc: string;
  organizationName: string;
  itemName: string;
  levels: number[];
  filedOn: string;
  validUntil: string;
  status: 'active' | 'suspended' | 'expired' | 'revoked';
  /** the business clock's instant of the event, RFC 3339 */
  at: string;
}

const FACT_KEYS = ['at', 'filedOn', 'itemName', 'levels', 'organizationName', 'receiptNo', 'status', 'type', 'uscc', 'validUntil'] as const;

const FACT_QUOTED = FACT_KEYS.map((k) => JSON.stringify(k));

export function filingLeaf(f: FilingFacts): string {
  return canonicalOf({ ...f, levels: [...f.levels].sort((a, b) => a - b) }, FACT_KEYS, FACT_QUOTED);
}

/** Reads a filing leaf back; null when it is not exactly the canonical form of its facts. */
export function parseFilingLeaf(leaf: string): FilingFacts | null {
  try {
    const f = JSON.parse(leaf) as FilingFacts;
    return filingLeaf(f) === leaf ? f : null;
  } catch {
    return null;
  }
}

/** SM3 (GB/T 32905) from Node's OpenSSL — the hash 密评 expects (SEC-10). */
export function sm3(data: string | Buffer): string {
  return crypto.createHash('sm3').update(data).digest('hex');
}

/** The SM3 chain beside the tree: link i = SM3(link i−1 ‖ '\n' ‖ leaf bytes i). */
export const SM3_GENESIS = '0'.repeat(64);
export function sm3Link(prev: string, leaf: Buffer): string {
  return crypto.hash('sm3', Buffer.concat([Buffer.from(prev + '\n'), leaf]), 'hex');
}

/**
 * The MAC key of one log key: HMAC-SM3 keyed by the Ed25519 private seed, over a fixed label — so
 * it changes with the key and is never stored. `id` is the log key's note key hash (8 hex digits),
 * which names the verifier key it belongs to.
 */
export class RecordSealer {
  readonly id: string;
  private readonly key: Buffer;

  constructor(privateKey: crypto.KeyObject, keyName: string) {
    const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d as string, 'base64url');
    this.key = crypto.createHmac('sm3', seed).update('shsp-selection transparency-log record MAC v1').digest();
    this.id = keyHash(keyName, rawPublicKey(privateKey)).toString(16).padStart(8, '0');
  }

  /**
   * Records this process sealed and the log has not checked yet, by MAC: the integrator reads them
   * back moments later (a sweep seals 20,000), and a record whose stored bytes are exactly the bytes
   * sealed under that MAC carries this key's MAC of them — no need to compute it a second time.
   * Bounded; a record not found here (another node's, an old one, a changed one) is checked by HMAC.
   */
  private readonly sealed = new Map<string, Buffer | string>();

  private mac(leaf: Buffer | string): string {
    return `${this.id}:${crypto.createHmac('sm3', this.key).update(leaf).digest('hex')}`;
  }

  seal(leaf: Buffer | string): string {
    const mac = this.mac(leaf);
    if (this.sealed.size >= SEALED_KEPT) this.sealed.delete(this.sealed.keys().next().value!);
    this.sealed.set(mac, leaf);
    return mac;
  }

  /** True when `mac` is this key's MAC of `leaf` (constant-time comparison). */
  check(leaf: Buffer | string, mac: string | null): boolean {
    if (!mac || !mac.startsWith(`${this.id}:`)) return false;
    const mine = this.sealed.get(mac);
    if (mine !== undefined) {
      this.sealed.delete(mac);
      if (sameBytes(mine, leaf)) return true;
    }
    const want = Buffer.from(this.mac(leaf));
    const got = Buffer.from(mac);
    return want.length === got.length && crypto.timingSafeEqual(want, got);
  }
}

/** Sealed records remembered for their check (at most; the oldest are forgotten first). */
const SEALED_KEPT = 50_000;

const bytesOf = (x: Buffer | string) => (typeof x === 'string' ? Buffer.from(x, 'utf8') : x);
const sameBytes = (a: Buffer | string, b: Buffer | string) => (typeof a === 'string' && typeof b === 'string' ? a === b : bytesOf(a).equals(bytesOf(b)));

/**
 * The sealers of this process: the current one seals new records; every one registered checks.
 * (A process holds one log key in production; tests may start several systems in one process.)
 */
const sealers = new Map<string, RecordSealer>();
let current: RecordSealer | undefined;

export function useRecordSealer(s: RecordSealer): void {
  sealers.set(s.id, s);
  current = s;
}

export function currentSealer(): RecordSealer {
  if (!current) throw new Error('the transparency log key is not loaded (LOG_KEY_FILE): records cannot be sealed');
  return current;
}

export function checkSeal(leaf: Buffer | string, mac: string | null): boolean {
  if (!mac) return false;
  const s = sealers.get(mac.split(':')[0] ?? '');
  return !!s && s.check(leaf, mac);
}

/**
 * Filing events written by this process so far (counted in the writing transaction). A request that
 * saw the count move answers only after the log has integrated and signed over it (api-v1: a
 * checkpoint is signed "after every filing event before its request answers").
 */
let filingEventWrites = 0;
export function countFilingEvents(n: number): void {
  filingEventWrites += n;
}
export function filingEventsWritten(): number {
  return filingEventWrites;
}
