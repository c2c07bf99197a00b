import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import type { ByteBudget } from '../concurrency.js';

export interface StoredBlob {
  key: string;
  size: number;
  sha256: string;
  /** first and last bytes, for content checks (e.g. `%PDF-` … `%%EOF`) without re-reading the file */
  head: Buffer;
  tail: Buffer;
  /** the whole content, when the writer asked to keep it (`keep`) and it fitted: give it back with `release()` */
  kept?: KeptBytes;
}

/**
 * Asks a write to keep the whole content in memory as well, for checks without a re-read: when it
 * announces at most `upTo` bytes (`sizeHint`, e.g. the request's Content-Length) and the per-node
 * `budget` has that much free. One buffer of the announced size is taken from the budget up front
 * and filled as the bytes pass (one copy); a content larger than announced is not kept. The buffers are
 * reused, within the same budget (kept-buffers.ts).
 */
export interface KeepInMemory {
  budget: ByteBudget;
  upTo: number;
  sizeHint: number | undefined;
}

/** A content kept in memory, counted in its budget until `release()` (idempotent). */
export interface KeptBytes {
  bytes: Buffer;
  release(): void;
}

export interface PutOptions {
  maxBytes: number;
  key?: string;
  keep?: KeepInMemory;
}

export interface BlobInfo {
  key: string;
  size: number;
  modifiedAt: Date;
}

/**
 * Where uploaded files live: local disk under DATA_DIR (default) or an S3-compatible bucket.
 * Writes stream and hash as they go, so memory stays flat whatever the size. A blob becomes
 * visible under its key only once it is complete (local: fsync + rename; S3: multipart complete);
 * whether it is *wanted* is the database's business (blob_uploads / materials, see
 * docs/decisions/0004-blob-commit-protocol.md) — the store itself knows nothing of rows.
 * Both drivers pass the same contract tests (test-support/blob-store-contract.ts).
 */
export interface BlobStore {
  /** `local` or `s3` — for logs and the integrity report */
  readonly driver: string;
  /** Prepares the store (folders; S3: the bucket answers). Fails fast on a misconfiguration. */
  init(): Promise<void>;
  /** A fresh key, to be recorded in blob_uploads before the first byte is written. */
  newKey(): string;
  /**
   * Streams `source` into the store under `key` (a fresh one when absent). Rejects with
   * BlobTooLargeError past `maxBytes`, leaving nothing behind under the key.
   */
  put(source: Readable, opts: PutOptions): Promise<StoredBlob>;
  /**
   * Rejects with BlobNotFoundError when there is no such blob. `chunkBytes`: how much each read takes
   * at most (local disk; fewer, larger reads for whole-file checks).
   */
  get(key: string, opts?: { chunkBytes?: number }): Promise<Readable>;
  stat(key: string): Promise<BlobInfo | null>;
  /** Idempotent: deleting what is not there is fine. */
  delete(key: string): Promise<void>;
  /** Every complete blob, for the stray cleanup, the integrity check and backups. */
  list(): AsyncIterable<BlobInfo>;
  /**
   * Removes what interrupted writes left behind (local: temporary files; S3: incomplete multipart
   * uploads) older than `olderThan`, except those of the keys in `live` (uploads still running).
   * Returns how many were removed.
   */
  sweepTemporary(olderThan: Date, live: ReadonlySet<string>): Promise<number>;
  close?(): Promise<void>;
}

export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`blob larger than ${limit} bytes`);
  }
}

export class BlobNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`blob ${key} not found`);
  }
}

/** `ab/<uuid>`: the two-character fan-out keeps directories (and S3 listings) small. */
export const BLOB_KEY = /^[0-9a-f]{2}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function newBlobKey(): string {
  const id = crypto.randomUUID();
  return `${id.slice(0, 2)}/${id}`;
}

export function assertBlobKey(key: string): void {
  if (!BLOB_KEY.test(key)) throw new Error(`invalid blob key: ${JSON.stringify(key)}`);
}
