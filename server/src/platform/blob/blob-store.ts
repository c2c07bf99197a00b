import type { Readable } from 'node:stream';

export interface StoredBlob {
  key: string;
  size: number;
  sha256: string;
  /** first and last bytes, for content checks (e.g. `%PDF-` … `%%EOF`) without re-reading the file */
  head: Buffer;
  tail: Buffer;
}

/**
 * Where uploaded files live. Local disk by default (under DATA_DIR); an S3-compatible driver is
 * the production option (documents issue). Writes stream and hash as they go, so memory stays flat.
 */
export interface BlobStore {
  /** Streams into the store. Rejects with BlobTooLargeError past `maxBytes`, leaving nothing behind. */
  put(source: Readable, opts: { maxBytes: number }): Promise<StoredBlob>;
  get(key: string): Promise<Readable>;
  delete(key: string): Promise<void>;
  /** Every key with its modification time, for the stray-file cleanup. */
  list(): AsyncIterable<{ key: string; modifiedAt: Date }>;
}

export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`blob larger than ${limit} bytes`);
  }
}
