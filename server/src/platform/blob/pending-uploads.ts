import { CompiledQuery, sql } from 'kysely';
import type { Db, Tx } from '../db/database.js';
import type { BlobStore } from './blob-store.js';

/**
 * The blob commit protocol (docs/decisions/0004-blob-commit-protocol.md):
 *
 *   1. `begin()` records a fresh key in `blob_uploads` and commits — before the first byte is stored;
 *   2. the caller streams the upload into the store under that key (hashing as it goes), checks it;
 *   3. `commitInTx(tx)` deletes the `blob_uploads` row inside the caller's transaction that inserts
 *      the row referencing the key (a material) — the promotion is that one transaction;
 *   4. on any refusal or failure, `abandon()` claims the row and deletes the blob.
 *
 * Whoever deletes the `blob_uploads` row owns the blob's fate: the committing transaction (keeps
 * it), `abandon()` or the cleanup (delete it). A crash at any point leaves either a referenced blob
 * (after 3) or an upload row plus perhaps a blob, which the cleanup removes once its heartbeat has
 * been silent for the grace period — never a row without its file, never a file nobody will remove.
 */
export class PendingUploads {
  readonly heartbeatMs: number;

  constructor(
    private readonly db: Db,
    private readonly store: BlobStore,
    graceMs: number,
  ) {
    // several beats per grace period, so a slow but living upload is never taken for a dead one
    this.heartbeatMs = Math.max(200, Math.min(30_000, Math.floor(graceMs / 4)));
  }

  async begin(purpose = 'material'): Promise<PendingUpload> {
    const key = this.store.newKey();
    // a fixed text (prepared per connection): one per upload, not worth building each time
    await this.db.executeQuery(CompiledQuery.raw('INSERT INTO blob_uploads (key, purpose) VALUES ($1, $2)', [key, purpose]));
    return new PendingUpload(key, this.db, this.store, this.heartbeatMs);
  }
}

export class UploadExpiredError extends Error {
  constructor(readonly key: string) {
    super(`upload ${key} was reclaimed by the cleanup before it was committed`);
  }
}

export class PendingUpload {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly key: string,
    private readonly db: Db,
    private readonly store: BlobStore,
    heartbeatMs: number,
  ) {
    this.timer = setInterval(() => {
      // database time, so every node judges liveness by one clock
      sql`UPDATE blob_uploads SET touched_at = now() WHERE key = ${key}`.execute(this.db).catch(() => {});
    }, heartbeatMs);
    this.timer.unref();
  }

  /** Promotes the upload inside the caller's transaction (the one inserting the referencing row). */
  async commitInTx(tx: Tx): Promise<void> {
    const claimed = await tx.deleteFrom('blob_uploads').where('key', '=', this.key).returning('key').executeTakeFirst();
    if (!claimed) throw new UploadExpiredError(this.key);
  }

  /** After the caller's transaction committed: only stops the heartbeat. */
  done(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Refused or failed: deletes the blob if this upload still owns it. Never deletes a blob whose
   * row was claimed by a commit (e.g. a COMMIT whose answer was lost) — that blob is referenced.
   */
  async abandon(): Promise<void> {
    this.done();
    const claimed = await this.db.deleteFrom('blob_uploads').where('key', '=', this.key).returning('key').executeTakeFirst();
    if (claimed) await this.store.delete(this.key);
  }
}
