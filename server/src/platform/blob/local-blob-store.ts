import fsp, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  assertBlobKey,
  BLOB_KEY,
  BlobNotFoundError,
  BlobTooLargeError,
  newBlobKey,
  type BlobInfo,
  type BlobStore,
  type PutOptions,
  type StoredBlob,
} from './blob-store.js';
import { Meter } from './metering.js';

/** Bytes an upload's file stream buffers while a write is in flight (then written together in one writev). */
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
  /** fan-out folders known to exist (created once, never removed) */
  private readonly dirs = new Set<string>();
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

  async put(source: Readable, opts: PutOptions): Promise<StoredBlob> {
    const key = opts.key ?? newBlobKey();
    const final = this.pathOf(key);
    const tmp = path.join(this.root, 'tmp', `${key.slice(3)}.part`);
    const meter = new Meter(opts.maxBytes, opts.keep);
    let fh: FileHandle | undefined;
    try {
      // one handle for the writes and the fsync (each open, write, fsync and close is a trip to libuv's
      // thread pool). Chunks are written as they came: those that arrive while a write is in flight go
      // together in one writev — up to WRITE_CHUNK bytes, without copying them into a bigger buffer.
      fh = await fsp.open(tmp, 'wx');
      await pipeline(source, meter, fileWriter(fh));
      // multipart parsers mark a cut-off stream instead of erroring (SEC-18)
      if ((source as Readable & { truncated?: boolean }).truncated) throw new BlobTooLargeError(opts.maxBytes);
      await fh.sync();
      await fh.close();
      fh = undefined;
      const dir = path.dirname(final);
      if (!this.dirs.has(dir)) await this.makeDir(dir);
      // (a folder removed behind our back, e.g. a store emptied by a restore, is made again)
      await fsp.rename(tmp, final).catch(async (err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
        await this.makeDir(dir);
        await fsp.rename(tmp, final);
      });
      await syncDir(dir);
    } catch (err) {
      meter.discard();
      await fh?.close().catch(() => {});
      await fsp.rm(tmp, { force: true });
      if (meter.tooLarge) throw new BlobTooLargeError(opts.maxBytes);
      throw err;
    }
    return meter.result(key);
  }

  private async makeDir(dir: string): Promise<void> {
    await fsp.mkdir(dir, { recursive: true });
    this.dirs.add(dir);
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

/**
 * Writes what it is given to an open file, the handle left open (for its fsync). While a write is in
 * flight the next chunks wait, up to WRITE_CHUNK bytes, and then go in one writev — as they are.
 */
function fileWriter(fh: FileHandle): Writable {
  const all = async (chunks: Buffer[]) => {
    let left = chunks.reduce((n, c) => n + c.length, 0);
    while (left > 0) {
      const { bytesWritten } = await fh.writev(chunks);
      left -= bytesWritten;
      if (left > 0) chunks = remainder(chunks, bytesWritten); // a short write (rare on files): the rest again
    }
  };
  return new Writable({
    highWaterMark: WRITE_CHUNK,
    write: (chunk: Buffer, _enc, cb) => void all([chunk]).then(() => cb(), cb),
    writev: (chunks, cb) => void all(chunks.map((c) => c.chunk as Buffer)).then(() => cb(), cb),
  });
}

function remainder(chunks: Buffer[], skip: number): Buffer[] {
  const out: Buffer[] = [];
  for (const c of chunks) {
    if (skip >= c.length) skip -= c.length;
    else {
      out.push(skip > 0 ? c.subarray(skip) : c);
      skip = 0;
    }
  }
  return out;
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
