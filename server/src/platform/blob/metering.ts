import crypto from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { BlobTooLargeError } from './blob-store.js';

/** How many leading and trailing bytes a write keeps for content checks (PDF trailers live in the last KiB or so). */
export const EDGE_BYTES = 4096;

/**
 * Counts, hashes (SHA-256) and keeps the first and last EDGE_BYTES of what flows through, and
 * fails with BlobTooLargeError the moment more than `maxBytes` have passed — so an oversize
 * upload is cut off while streaming, never buffered.
 */
export class Meter extends Transform {
  // not `size`: lib-storage takes a Body's `size` property for the total length
  bytesSeen = 0;
  tooLarge = false;
  private readonly hash = crypto.createHash('sha256');
  private headBuf = Buffer.alloc(0);
  private tailBuf = Buffer.alloc(0);
  /** the chunks themselves while the total stays within keepBytes (then dropped) */
  private kept: Buffer[] | null;

  /** `keepBytes`: a content of at most this size is also kept whole (for checks without a re-read). */
  constructor(
    private readonly maxBytes: number,
    private readonly keepBytes = 0,
  ) {
    super();
    this.kept = keepBytes > 0 ? [] : null;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytesSeen += chunk.length;
    if (this.bytesSeen > this.maxBytes) {
      this.tooLarge = true;
      return cb(new BlobTooLargeError(this.maxBytes));
    }
    this.hash.update(chunk);
    if (this.kept) {
      if (this.bytesSeen <= this.keepBytes) this.kept.push(chunk);
      else this.kept = null;
    }
    if (this.headBuf.length < EDGE_BYTES) this.headBuf = Buffer.concat([this.headBuf, chunk.subarray(0, EDGE_BYTES - this.headBuf.length)]);
    // copy, so a big chunk is not kept alive by a view of its last bytes
    this.tailBuf = chunk.length >= EDGE_BYTES ? Buffer.from(chunk.subarray(-EDGE_BYTES)) : Buffer.concat([this.tailBuf, chunk]).subarray(-EDGE_BYTES);
    cb(null, chunk);
  }

  result(key: string) {
    const bytes = this.kept ? Buffer.concat(this.kept, this.bytesSeen) : undefined;
    this.kept = null;
    return { key, size: this.bytesSeen, sha256: this.hash.digest('hex'), head: this.headBuf, tail: Buffer.from(this.tailBuf), ...(bytes ? { bytes } : {}) };
  }
}

/**
 * Gathers small chunks into ones of at least `bytes` (the last may be shorter), so a file is written
 * with a few large writes instead of many socket-sized ones.
 */
export class Coalesce extends Transform {
  private parts: Buffer[] = [];
  private held = 0;

  constructor(private readonly bytes: number) {
    super({ highWaterMark: bytes });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.parts.push(chunk);
    this.held += chunk.length;
    if (this.held >= this.bytes) this.release();
    cb();
  }

  override _flush(cb: TransformCallback): void {
    if (this.held > 0) this.release();
    cb();
  }

  private release(): void {
    const out = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.held);
    this.parts = [];
    this.held = 0;
    this.push(out);
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
