import crypto from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { BlobTooLargeError, type KeepInMemory, type KeptBytes } from './blob-store.js';
import { keptBuffersOf, type KeptBuffers } from './kept-buffers.js';

/** How many leading and trailing bytes a write keeps for content checks (PDF trailers live in the last KiB or so). */
export const EDGE_BYTES = 4096;

/**
 * Counts, hashes (SHA-256) and keeps the first and last EDGE_BYTES of what flows through, and
 * fails with BlobTooLargeError the moment more than `maxBytes` have passed — so an oversize
 * upload is cut off while streaming, never buffered. Chunks flow on as they came (no copies); the
 * tail is cut from the last chunks once, at the end.
 */
export class Meter extends Transform {
  // not `size`: lib-storage takes a Body's `size` property for the total length
  bytesSeen = 0;
  tooLarge = false;
  private readonly hash = crypto.createHash('sha256');
  private headBuf = Buffer.alloc(0);
  /** the last chunks, newest last, as long as they are needed to make up EDGE_BYTES */
  private last: Buffer[] = [];
  private lastBytes = 0;
  private keepBuf: Buffer | null = null;
  /** what the request announced: a content beyond it is not kept (even if a reused buffer is larger) */
  private announced = 0;
  private pool: KeptBuffers | null = null;

  constructor(
    private readonly maxBytes: number,
    keep?: KeepInMemory,
  ) {
    super();
    const want = keep?.sizeHint;
    if (keep && want !== undefined && want > 0 && want <= keep.upTo && want <= maxBytes) {
      // a buffer from the budget's pool (reused: kept-buffers.ts), its whole length counted in the budget
      this.pool = keptBuffersOf(keep.budget);
      this.keepBuf = this.pool.take(want) ?? null;
      this.announced = want;
    }
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    const at = this.bytesSeen;
    this.bytesSeen += chunk.length;
    if (this.bytesSeen > this.maxBytes) {
      this.tooLarge = true;
      return cb(new BlobTooLargeError(this.maxBytes));
    }
    this.hash.update(chunk);
    if (this.keepBuf) {
      if (this.bytesSeen <= this.announced) chunk.copy(this.keepBuf, at);
      else this.unkeep(); // more than announced: checked from the store instead
    }
    if (this.headBuf.length < EDGE_BYTES) this.headBuf = Buffer.concat([this.headBuf, chunk.subarray(0, EDGE_BYTES - this.headBuf.length)]);
    this.last.push(chunk);
    this.lastBytes += chunk.length;
    while (this.lastBytes - this.last[0]!.length >= EDGE_BYTES) this.lastBytes -= this.last.shift()!.length;
    cb(null, chunk);
  }

  // (a meter that ended well is destroyed too — autoDestroy — before its result is taken: only a failure drops what it kept)
  override _destroy(err: Error | null, cb: (error?: Error | null) => void): void {
    if (err) this.discard();
    cb(err);
  }

  /** Gives back what was kept for a write that failed after the bytes passed (the store calls it on every failure). */
  discard(): void {
    this.unkeep();
    this.last = [];
  }

  private unkeep(): void {
    if (this.keepBuf) this.pool!.give(this.keepBuf);
    this.keepBuf = null;
  }

  result(key: string) {
    // a copy, so the tail does not keep the last socket chunks alive
    const tail = Buffer.from(Buffer.concat(this.last, this.lastBytes).subarray(-EDGE_BYTES));
    this.last = [];
    const out = { key, size: this.bytesSeen, sha256: this.hash.digest('hex'), head: this.headBuf, tail };
    if (!this.keepBuf) return out;
    // the buffer stays taken (the announced length, envelope included) until the check gives it back
    const buf = this.keepBuf;
    const pool = this.pool!;
    const bytes = buf.subarray(0, this.bytesSeen);
    this.keepBuf = null;
    let held = true;
    const release = () => {
      if (held) pool.give(buf);
      held = false;
    };
    return { ...out, kept: { bytes, release } satisfies KeptBytes };
  }
}

export class BlobIntegrityError extends Error {
  constructor(
    readonly expected: { sha256: string; size: number },
    readonly actual: { sha256: string; size: number },
  ) {
    super(
      `stored blob does not match its record: expected ${expected.size} bytes sha256 ${expected.sha256}, read ${actual.size} bytes sha256 ${actual.sha256}`,
    );
  }
}

/**
 * A download that proves itself: the bytes pass through SHA-256 and the last chunk is held back
 * until the digest and size are known. If they do not match the record, the stream fails instead
 * of ending — the client has received fewer bytes than Content-Length announced, so no HTTP
 * client takes the file as complete (the connection is reset).
 */
export class VerifyingStream extends Transform {
  private readonly hash = crypto.createHash('sha256');
  private held: Buffer | null = null;
  private bytesSeen = 0;

  constructor(
    private readonly expected: { sha256: string; size: number },
    private readonly onMismatch?: (err: BlobIntegrityError) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytesSeen += chunk.length;
    this.hash.update(chunk);
    const out = this.held;
    this.held = chunk;
    cb(null, out ?? undefined);
  }

  override _flush(cb: TransformCallback): void {
    const actual = { sha256: this.hash.digest('hex'), size: this.bytesSeen };
    if (actual.sha256 !== this.expected.sha256 || actual.size !== this.expected.size) {
      const err = new BlobIntegrityError(this.expected, actual);
      this.onMismatch?.(err);
      return cb(err);
    }
    if (this.held) this.push(this.held);
    cb();
  }
}

/** SHA-256 and size of a whole stream, reading it through (memory stays flat). */
export async function digestStream(source: Readable): Promise<{ sha256: string; size: number }> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** Reads a stream into memory — only for sizes the caller has bounded. */
export async function readAll(source: Readable, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      source.destroy();
      throw new BlobTooLargeError(limit);
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts, size);
}
