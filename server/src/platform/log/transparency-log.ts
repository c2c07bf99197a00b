import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/database.js';
import { auditLeaf, checkSeal, parseFilingLeaf, RecordSealer, SM3_GENESIS, sm3Link, useRecordSealer } from './leaves.js';
import * as repo from './log.repository.js';
import { appendLeaves, compactRange, consistencyRanges, inclusionRanges, leafHash, nodeKey, nodesFor, rangeHash, type Hash } from './merkle.js';
import { verifyLog, type LogVerification } from './verify.js';
import { checkpointText, parseVerifierKey, signNote, verifierKey, verifyCheckpoint, type Checkpoint, type Verifier } from './note.js';

export interface LogOptions {
  /** the log's private key (Ed25519), from LOG_KEY_FILE — never in the database */
  privateKey: crypto.KeyObject;
  /** the log's origin line and key name */
  origin: string;
  /** where this node keeps the largest checkpoint it has seen (outside the database) */
  witnessFile?: string;
  /** records sequenced per transaction */
  batchSize?: number;
  onError?: (err: unknown) => void;
}

export interface SignedCheckpoint extends Checkpoint {
  note: string;
}

/**
 * The transparency log (docs/decisions/0013): records are written by business transactions without
 * any lock; right after commit one integrator at a time (an advisory lock, any node) sequences the
 * queue into the Merkle tree, extends the SM3 chain and signs a checkpoint. A request that must show
 * its record under a checkpoint (a filing event) awaits `integrate()`; every other one only nudges.
 */
export class TransparencyLog {
  readonly origin: string;
  readonly verifierKey: string;
  readonly verifier: Verifier;
  private readonly privateKey: crypto.KeyObject;
  private readonly batchSize: number;
  /** checkpoints are signed at most this often unless a request waits for one */
  checkpointIntervalMs = 1000;
  private running: Promise<number> | null = null;
  /** a caller waits for a checkpoint over everything committed (else one is signed at most once a second) */
  private signRequested = false;
  /** leaves were sequenced that no checkpoint covers yet (the tick signs them) */
  private unsigned = false;
  private next: Promise<number> | null = null;
  private dirty = false;
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Timeout | null = null;
  private witness: SignedCheckpoint | null = null;

  constructor(
    private readonly db: Db,
    private readonly opts: LogOptions,
  ) {
    this.origin = opts.origin;
    this.privateKey = opts.privateKey;
    this.verifierKey = verifierKey(opts.origin, crypto.createPublicKey(opts.privateKey));
    this.verifier = parseVerifierKey(this.verifierKey);
    this.batchSize = opts.batchSize ?? 2000;
    useRecordSealer(new RecordSealer(opts.privateKey, opts.origin));
    this.witness = this.readWitness();
  }

  /** The largest checkpoint this node has seen signed (kept outside the database). */
  witnessed(): SignedCheckpoint | null {
    return this.witness;
  }

  /** Marks that records were written; integration follows shortly (after the writer's commit). */
  markDirty(): void {
    this.dirty = true;
  }

  /**
   * Integrates soon, coalescing the writes of the next `delayMs` into one batch (a dozen statements
   * and one signature however many records) — for writes whose request does not wait for a checkpoint.
   */
  nudge(delayMs = 100): void {
    if (!this.dirty || this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      this.integrate('due').catch((err) => this.opts.onError?.(err));
    }, delayMs);
    this.soon.unref?.();
  }

  /**
   * Every `intervalMs` when this node wrote records, and every 15th tick regardless (records of other
   * nodes or of background jobs whose nudge was lost): so a checkpoint follows every leaf within seconds.
   */
  start(intervalMs: number): void {
    this.stop();
    let ticks = 0;
    this.timer = setInterval(() => {
      // leaves sequenced without a checkpoint (signing is at most once a second) are signed now
      if (this.unsigned) void this.integrate('now').catch((err) => this.opts.onError?.(err));
      else if (this.dirty || ++ticks % 15 === 0) void this.integrate('due').catch((err) => this.opts.onError?.(err));
    }, intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    this.timer = this.soon = null;
  }

  /**
   * Sequences everything committed so far and signs a checkpoint over it; resolves to the tree size.
   * Calls while one runs share the next run (so a caller always sees its own committed records).
   */
  integrate(sign: 'now' | 'due' = 'now'): Promise<number> {
    if (sign === 'now') this.signRequested = true;
    if (!this.running) return this.run();
    this.next ??= this.running
      .catch(() => 0)
      .then(() => {
        this.next = null;
        return this.run();
      });
    return this.next;
  }

  private run(): Promise<number> {
    this.dirty = false;
    const force = this.signRequested;
    this.signRequested = false;
    this.running = (async () => {
      let size = 0;
      for (;;) {
        const r = await this.integrateBatch(force);
        size = r.size;
        if (!r.full) return size;
      }
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async integrateBatch(force: boolean): Promise<{ size: number; full: boolean }> {
    const now = new Date();
    const result = await this.db.transaction().execute(async (tx) => {
      await repo.lockIntegrator(tx);
      const size = await repo.treeSize(tx);
      const batch = await repo.waiting(tx, this.batchSize);
      let link = (await repo.lastLink(tx, size)) ?? SM3_GENESIS;
      const leaves: Array<{ leafIndex: number; kind: 'audit' | 'filing'; ref: string; hash: Hash; sm3: string }> = [];
      const accepted: string[] = [];
      const refused = new Map<string, string[]>();
      const refuse = (queueId: string, reason: string) => refused.set(reason, [...(refused.get(reason) ?? []), queueId]);
      for (const q of batch) {
        let bytes: Buffer | null = null;
        if (q.kind === 'audit') {
          const a = q.audit;
          if (!a) refuse(q.queueId, '记录已不存在');
          else if (a.mac) {
            const b = auditLeaf(a);
            if (checkSeal(b, a.mac)) bytes = b;
            else refuse(q.queueId, '记录的校验码（MAC）不符：不是本系统写入的，或写入后被改动');
          } else {
            // written before the log: authentic when its own SM3 chain link holds
            const b = auditLeaf(a, true);
            if (a.prev_hash && a.hash === sm3Link(a.prev_hash, b)) {
              if (size + leaves.length === 0) link = a.prev_hash;
              bytes = b;
            } else refuse(q.queueId, '迁移前的记录与其 SM3 链不符');
          }
        } else {
          const f = q.filing;
          if (!f) refuse(q.queueId, '记录已不存在');
          else if (checkSeal(f.leaf, f.mac) && parseFilingLeaf(f.leaf)) bytes = Buffer.from(f.leaf, 'utf8');
          else refuse(q.queueId, '备案事件的校验码（MAC）不符或格式不规范');
        }
        if (!bytes) continue;
        link = sm3Link(link, bytes);
        leaves.push({ leafIndex: size + leaves.length, kind: q.kind, ref: q.ref, hash: leafHash(bytes), sm3: link });
        accepted.push(q.queueId);
      }
      for (const [reason, ids] of refused) await repo.reject(tx, ids, reason, now);
      const known = await repo.nodes(tx, compactRange(size));
      const { nodes } = appendLeaves(
        size,
        leaves.map((l) => l.hash),
        known,
      );
      await repo.appendTree(tx, leaves, nodes, accepted, now);
      const newSize = size + leaves.length;
      const latest = await repo.latestCheckpoint(tx);
      let signed: SignedCheckpoint | null = null;
      // a checkpoint per batch would be one row and one signature every few milliseconds under load;
      // one a second (or whenever someone waits for it) keeps verification of years of log quick
      const due = force || !latest || now.getTime() - new Date(latest.signedAt).getTime() >= this.checkpointIntervalMs;
      if (!due && newSize > (latest?.size ?? 0)) this.unsigned = true;
      if (due && newSize > 0 && (!latest || latest.size < newSize)) {
        this.unsigned = false;
        const root = rangeHash(0, newSize, (n) => known.get(nodeKey(n))!);
        const note = signNote(checkpointText({ origin: this.origin, size: newSize, root }), this.origin, this.privateKey);
        await repo.saveCheckpoint(tx, newSize, root, note, now);
        signed = { origin: this.origin, size: newSize, root, note };
      } else if (latest) {
        signed = { origin: this.origin, size: latest.size, root: latest.root, note: latest.note };
      }
      if (refused.size)
        this.opts.onError?.(new Error(`transparency log: ${[...refused.values()].flat().length} record(s) refused: ${[...refused.keys()].join('; ')}`));
      return { size: newSize, full: batch.length === this.batchSize, signed };
    });
    if (result.signed) this.witnessCheckpoint(result.signed);
    return result;
  }

  /**
   * GET /audit/verify: sequences what is committed, then recomputes the log from the records and
   * compares it with every signed checkpoint and with this node's witness (kept outside the database).
   */
  async verify(): Promise<LogVerification> {
    await this.integrate().catch((err) => this.opts.onError?.(err));
    const onDisk = this.readWitness();
    if (onDisk && (!this.witness || onDisk.size > this.witness.size)) this.witness = onDisk;
    const outside = this.witness ? [{ note: this.witness.note, label: '本节点保存的已签名检查点' }] : [];
    return verifyLog(this.db, { verifier: this.verifier, origin: this.origin, outside });
  }

  /** The latest signed checkpoint in the database (whose signature this node checks). */
  async checkpoint(): Promise<SignedCheckpoint | null> {
    const c = await repo.latestCheckpoint(this.db);
    if (!c) return null;
    const v = verifyCheckpoint(c.note, this.verifier, this.origin);
    if (!v || v.size !== c.size || !v.root.equals(c.root)) return null;
    this.witnessCheckpoint({ ...v, note: c.note });
    return { ...v, note: c.note };
  }

  async inclusionProof(leafIndex: number, size: number): Promise<Hash[]> {
    const ranges = inclusionRanges(leafIndex, size);
    const known = await repo.nodes(this.db, nodesFor(ranges));
    return ranges.map(([a, b]) => rangeHash(a, b, (n) => must(known, n)));
  }

  async consistencyProof(first: number, second: number): Promise<Hash[]> {
    if (first === second) return [];
    const ranges = consistencyRanges(first, second);
    const known = await repo.nodes(this.db, nodesFor(ranges));
    return ranges.map(([a, b]) => rangeHash(a, b, (n) => must(known, n)));
  }

  /** Keeps the largest signed checkpoint seen, in memory and in the witness file (atomically). */
  private witnessCheckpoint(c: SignedCheckpoint): void {
    if (this.witness && this.witness.size >= c.size) return;
    this.witness = c;
    const file = this.opts.witnessFile;
    if (!file) return;
    try {
      fs.mkdirSync(path.dirname(path.dirname(file)), { recursive: true });
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
      fs.writeFileSync(tmp, c.note, { mode: 0o600 });
      // another node sharing the folder may have written a larger one meanwhile: keep the larger
      const onDisk = this.readWitness();
      if (onDisk && onDisk.size > c.size) fs.rmSync(tmp, { force: true });
      else fs.renameSync(tmp, file);
    } catch (err) {
      this.opts.onError?.(err);
    }
  }

  private readWitness(): SignedCheckpoint | null {
    const file = this.opts.witnessFile;
    if (!file) return this.witness;
    try {
      const note = fs.readFileSync(file, 'utf8');
      const c = verifyCheckpoint(note, this.verifier, this.origin);
      return c ? { ...c, note } : null;
    } catch {
      return null;
    }
  }
}

function must(known: Map<string, Hash>, n: { level: number; index: number }): Hash {
  const h = known.get(nodeKey(n));
  if (!h) throw new Error(`the log is missing its node ${nodeKey(n)}`);
  return h;
}
