import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertBlobKey, BLOB_KEY, BlobNotFoundError, BlobTooLargeError, newBlobKey, type BlobInfo, type BlobStore, type StoredBlob } from './blob-store.js';
import { Coalesce, Meter } from './metering.js';

/** Bytes per write of an upload (memory held per upload in flight: at most this much, plus a socket chunk). */
const WRITE_CHUNK = 256 * 1024;
/** Bytes per read: streaming downloads (Node's default); whole-file checks ask for up to MAX_READ_CHUNK at a time. */
const READ_CHUNK = 64 * 1024;
const MAX_READ_CHUNK = 4 * 1024 * 1024;

/**
 * Files under `<root>/objects/ab/<uuid>`. A blob is written to `<root>/tmp/<uuid>.part`, fsynced,
 * renamed into place and its directory fsynced — so a crash leaves at most a temporary file (swept
 * by age), never a half-written object, and a blob reported stored survives a power cut.
 */
export class LocalBlobStore implements BlobStore {
  readonly driver = 'local';
  constructor(private readonly root: string) {}

  async init(): Promise<void> {
    await fsp.mkdir(path.join(this.root, 'tmp'), { recursive: true });
    await fsp.mkdir(path.join(this.root, 'objects'), { recursive: true });
  }

  newKey(): string {
    return newBlobKey();
  }

  private pathOf(key: string): string {
    assertBlobKey(key);
    return path.join(this.root, 'objects', key);
  }

  /** The file of a blob — for backups, which hard-link instead of copying. */
  filePath(key: string): string {
    return this.pathOf(key);
  }

  async put(source: Readable, opts: { maxBytes: number; key?: string; keepBytes?: number }): Promise<StoredBlob> {
    const key = opts.key ?? newBlobKey();
    const final = this.pathOf(key);
    const tmp = path.join(this.root, 'tmp', `${key.slice(3)}.part`);
    const meter = new Meter(opts.maxBytes, opts.keepBytes);
    try {
      // uploads arrive in socket-sized chunks (~64 KiB); each file write is a trip to libuv's thread
      // pool, so they are gathered into WRITE_CHUNK writes (a quarter of the trips for a 1 MiB file)
      await pipeline(source, meter, new Coalesce(WRITE_CHUNK), fs.createWriteStream(tmp, { flags: 'wx', highWaterMark: WRITE_CHUNK }));
      // multipart parsers mark a cut-off stream instead of erroring (SEC-18)
      if ((source as Readable & { truncated?: boolean }).truncated) throw new BlobTooLargeError(opts.maxBytes);
      const fh = await fsp.open(tmp, 'r');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      await fsp.mkdir(path.dirname(final), { recursive: true });
      await fsp.rename(tmp, final);
      await syncDir(path.dirname(final));
    } catch (err) {
      await fsp.rm(tmp, { force: true });
      if (meter.tooLarge) throw new BlobTooLargeError(opts.maxBytes);
      throw err;
    }
    return meter.result(key);
  }

  async get(key: string, opts: { chunkBytes?: number } = {}): Promise<Readable> {
    const p = this.pathOf(key);
    try {
      // open first, so a missing file is an error here and not on the first read
      const fh = await fsp.open(p, 'r');
      return fh.createReadStream({ highWaterMark: Math.max(READ_CHUNK, Math.min(opts.chunkBytes ?? READ_CHUNK, MAX_READ_CHUNK)) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(key);
      throw err;
    }
  }

  async stat(key: string): Promise<BlobInfo | null> {
    try {
      const st = await fsp.stat(this.pathOf(key));
      return { key, size: st.size, modifiedAt: st.mtime };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await fsp.rm(this.pathOf(key), { force: true });
  }

  async *list(): AsyncIterable<BlobInfo> {
    const objects = path.join(this.root, 'objects');
    for (const dir of (await fsp.readdir(objects).catch(() => [])).sort()) {
      for (const f of (await fsp.readdir(path.join(objects, dir)).catch(() => [])).sort()) {
        const key = `${dir}/${f}`;
        if (!BLOB_KEY.test(key)) continue;
        const st = await fsp.stat(path.join(objects, dir, f)).catch(() => null);
        if (st?.isFile()) yield { key, size: st.size, modifiedAt: st.mtime };
      }
    }
  }

  async sweepTemporary(olderThan: Date, live: ReadonlySet<string>): Promise<number> {
    const liveIds = new Set([...live].map((k) => k.slice(3)));
    const tmpDir = path.join(this.root, 'tmp');
    let removed = 0;
    for (const f of await fsp.readdir(tmpDir).catch(() => [])) {
      if (liveIds.has(f.replace(/\.part$/, ''))) continue;
      const st = await fsp.stat(path.join(tmpDir, f)).catch(() => null);
      // a file still being written has a fresh mtime; one left by a dead writer ages
      if (st && st.mtime < olderThan) {
        await fsp.rm(path.join(tmpDir, f), { force: true });
        removed++;
      }
    }
    return removed;
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } catch {
    // some filesystems do not fsync directories; the rename itself is still atomic
  } finally {
    await fh.close();
  }
}
