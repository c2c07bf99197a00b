import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobTooLargeError, type BlobStore, type StoredBlob } from './blob-store.js';

const EDGE = 1024;

/**
 * Files under `<root>/objects/ab/<uuid>`. A blob is written to `<root>/tmp`, fsynced, then renamed
 * into place — a crash leaves at most a temporary file, never a half-written object.
 */
export class LocalBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  async init(): Promise<void> {
    await fsp.mkdir(path.join(this.root, 'tmp'), { recursive: true });
    await fsp.mkdir(path.join(this.root, 'objects'), { recursive: true });
    // temporary files of a previous process are garbage by definition
    for (const f of await fsp.readdir(path.join(this.root, 'tmp'))) await fsp.rm(path.join(this.root, 'tmp', f), { force: true });
  }

  private pathOf(key: string): string {
    if (!/^[0-9a-f]{2}\/[0-9a-f-]{36}$/.test(key)) throw new Error('invalid blob key');
    return path.join(this.root, 'objects', key);
  }

  async put(source: Readable, opts: { maxBytes: number }): Promise<StoredBlob> {
    const id = crypto.randomUUID();
    const key = `${id.slice(0, 2)}/${id}`;
    const tmp = path.join(this.root, 'tmp', id);
    const hash = crypto.createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    let tail = Buffer.alloc(0);
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (size > opts.maxBytes) return cb(new BlobTooLargeError(opts.maxBytes));
        hash.update(chunk);
        if (head.length < EDGE) head = Buffer.concat([head, chunk.subarray(0, EDGE - head.length)]);
        tail = Buffer.concat([tail, chunk]).subarray(-EDGE);
        cb(null, chunk);
      },
    });
    const out = fs.createWriteStream(tmp, { flags: 'wx' });
    try {
      await pipeline(source, meter, out);
      // multipart parsers mark a cut-off stream instead of erroring (SEC-18)
      if ((source as Readable & { truncated?: boolean }).truncated) throw new BlobTooLargeError(opts.maxBytes);
      const fh = await fsp.open(tmp, 'r');
      await fh.sync();
      await fh.close();
      const final = this.pathOf(key);
      await fsp.mkdir(path.dirname(final), { recursive: true });
      await fsp.rename(tmp, final);
    } catch (err) {
      await fsp.rm(tmp, { force: true });
      throw err;
    }
    return { key, size, sha256: hash.digest('hex'), head, tail };
  }

  async get(key: string): Promise<Readable> {
    const p = this.pathOf(key);
    await fsp.access(p);
    return fs.createReadStream(p);
  }

  async delete(key: string): Promise<void> {
    await fsp.rm(this.pathOf(key), { force: true });
  }

  async *list(): AsyncIterable<{ key: string; modifiedAt: Date }> {
    const objects = path.join(this.root, 'objects');
    for (const dir of await fsp.readdir(objects)) {
      for (const f of await fsp.readdir(path.join(objects, dir))) {
        const st = await fsp.stat(path.join(objects, dir, f));
        yield { key: `${dir}/${f}`, modifiedAt: st.mtime };
      }
    }
  }
}
