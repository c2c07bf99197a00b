import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BlobNotFoundError, BlobTooLargeError, type BlobStore } from '../platform/blob/blob-store.js';
import { keptBuffersOf } from '../platform/blob/kept-buffers.js';
import { digestStream } from '../platform/blob/metering.js';
import { ByteBudget } from '../platform/concurrency.js';

const MIB = 1024 * 1024;

/** `size` deterministic pseudo-random bytes, produced chunk by chunk (never held whole). */
export function bytes(size: number, seed = 'seed', chunk = 64 * 1024): Readable {
  let sent = 0;
  let n = 0;
  return new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const len = Math.min(chunk, size - sent);
      const out = Buffer.alloc(len);
      for (let off = 0; off < len; off += 32) crypto.createHash('sha256').update(`${seed}:${n++}`).digest().copy(out, off);
      sent += len;
      this.push(out);
    },
  });
}

export async function digestOf(size: number, seed = 'seed') {
  return digestStream(bytes(size, seed));
}

async function keys(store: BlobStore): Promise<string[]> {
  const out: string[] = [];
  for await (const b of store.list()) out.push(b.key);
  return out;
}

/**
 * What every BlobStore driver must do — run against local disk and against a real S3-compatible
 * server (blob-store.test.ts), so the drivers are interchangeable.
 */
export function blobStoreContract(name: string, make: () => Promise<BlobStore>) {
  describe(`BlobStore contract: ${name}`, () => {
    it('stores a stream under a fresh key and gives back the same bytes, size, SHA-256 and edges', async () => {
      const store = await make();
      const content = Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(100_000), Buffer.from('\n%%EOF\n')]);
      const stored = await store.put(Readable.from([content.subarray(0, 7), content.subarray(7)]), { maxBytes: MIB });
      expect(stored.size).toBe(content.length);
      expect(stored.sha256).toBe(crypto.createHash('sha256').update(content).digest('hex'));
      expect(stored.head.subarray(0, 9).toString()).toBe('%PDF-1.4\n');
      expect(stored.tail.subarray(-7).toString()).toBe('\n%%EOF\n');
      const back = await digestStream(await store.get(stored.key));
      expect(back).toEqual({ sha256: stored.sha256, size: content.length });
      expect((await store.stat(stored.key))?.size).toBe(content.length);
      expect(await keys(store)).toContain(stored.key);
    });

    it('keeps the whole content in memory only when asked, announced within upTo and within the budget, which gets every byte back', async () => {
      const store = await make();
      const content = Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(300_000), Buffer.from('\n%%EOF\n')]);
      const parts = () => Readable.from([content.subarray(0, 100_000), content.subarray(100_000, 200_000), content.subarray(200_000)]);
      const budget = new ByteBudget(content.length + 1000);
      // announced with some slack (a request's Content-Length counts the multipart envelope too): one buffer of
      // the announced length, counted in the budget until released
      const kept = await store.put(parts(), { maxBytes: MIB, keep: { budget, upTo: MIB, sizeHint: content.length + 500 } });
      expect(kept.kept?.bytes.equals(content)).toBe(true);
      expect(budget.held).toBe(content.length + 500);
      kept.kept!.release();
      kept.kept!.release(); // idempotent
      expect(budget.held).toBe(0);
      // the buffer waits for reuse (within the budget, with what is in use), and the next kept content is put in it
      const pool = keptBuffersOf(budget);
      expect(pool.pooled).toBe(content.length + 500);
      const again = await store.put(parts(), { maxBytes: MIB, keep: { budget, upTo: MIB, sizeHint: content.length + 400 } });
      expect(again.kept?.bytes.equals(content)).toBe(true);
      expect(again.kept?.bytes.buffer).toBe(kept.kept!.bytes.buffer);
      expect(pool.pooled).toBe(0);
      expect(budget.held).toBe(content.length + 500);
      again.kept!.release();
      expect(budget.held + pool.pooled).toBeLessThanOrEqual(budget.bytes);
      // not kept: announced beyond upTo, beyond the budget, too little (the content outgrows it), or not announced
      for (const keep of [
        { budget, upTo: content.length - 1, sizeHint: content.length },
        { budget: new ByteBudget(content.length - 1), upTo: MIB, sizeHint: content.length },
        { budget, upTo: MIB, sizeHint: content.length - 1 },
        { budget, upTo: MIB, sizeHint: undefined },
      ]) {
        const stored = await store.put(parts(), { maxBytes: MIB, keep });
        expect(stored.kept).toBeUndefined();
        expect(stored.sha256).toBe(crypto.createHash('sha256').update(content).digest('hex'));
        expect(keep.budget.held).toBe(0);
      }
      expect((await store.put(parts(), { maxBytes: MIB })).kept).toBeUndefined();
      // a write that fails (too large) gives its reservation back
      await expect(store.put(parts(), { maxBytes: content.length - 1, keep: { budget, upTo: MIB, sizeHint: content.length - 1 } })).rejects.toBeInstanceOf(
        BlobTooLargeError,
      );
      expect(budget.held).toBe(0);
      expect(budget.peak).toBeLessThanOrEqual(budget.bytes);
    });

    it('streams a file larger than a multipart part (12 MiB) intact', async () => {
      const store = await make();
      const stored = await store.put(bytes(12 * MIB, 'big'), { maxBytes: 16 * MIB });
      const expected = await digestOf(12 * MIB, 'big');
      expect({ sha256: stored.sha256, size: stored.size }).toEqual(expected);
      expect(await digestStream(await store.get(stored.key))).toEqual(expected);
    });

    it('writes under a key it is given (uploads record their key first; restores keep theirs)', async () => {
      const store = await make();
      const key = store.newKey();
      expect(await store.stat(key)).toBeNull();
      const stored = await store.put(Readable.from([Buffer.from('hello')]), { maxBytes: 100, key });
      expect(stored.key).toBe(key);
      expect((await store.stat(key))?.size).toBe(5);
    });

    it('refuses past maxBytes while streaming, and leaves nothing under the key (small and multipart)', async () => {
      const store = await make();
      for (const [size, max] of [
        [2000, 1000],
        [12 * MIB, 9 * MIB],
      ] as const) {
        const key = store.newKey();
        await expect(store.put(bytes(size, `big${size}`), { maxBytes: max, key })).rejects.toBeInstanceOf(BlobTooLargeError);
        expect(await store.stat(key)).toBeNull();
        expect(await keys(store)).not.toContain(key);
      }
    });

    it('treats a stream the multipart parser cut off (truncated) as too large, keeping nothing', async () => {
      const store = await make();
      const key = store.newKey();
      const src = Readable.from([Buffer.from('%PDF-1.4 partial')]) as Readable & { truncated?: boolean };
      src.truncated = true;
      await expect(store.put(src, { maxBytes: 1000, key })).rejects.toBeInstanceOf(BlobTooLargeError);
      expect(await store.stat(key)).toBeNull();
    });

    it('a source that fails mid-way (client gone) rejects and leaves nothing under the key', async () => {
      const store = await make();
      const key = store.newKey();
      let n = 0;
      const src = new Readable({
        read() {
          if (n++ < 3) this.push(Buffer.alloc(64 * 1024, 1));
          else this.destroy(new Error('client went away'));
        },
      });
      await expect(store.put(src, { maxBytes: MIB, key })).rejects.toThrow();
      expect(await store.stat(key)).toBeNull();
    });

    it('get of a missing key is BlobNotFoundError; stat is null; delete is idempotent', async () => {
      const store = await make();
      const key = store.newKey();
      await expect(store.get(key)).rejects.toBeInstanceOf(BlobNotFoundError);
      expect(await store.stat(key)).toBeNull();
      await store.delete(key);
      const stored = await store.put(Readable.from([Buffer.from('x')]), { maxBytes: 10 });
      await store.delete(stored.key);
      await store.delete(stored.key);
      expect(await store.stat(stored.key)).toBeNull();
      await expect(store.get(stored.key)).rejects.toBeInstanceOf(BlobNotFoundError);
    });

    it('refuses keys that are not its own (no path tricks)', async () => {
      const store = await make();
      for (const bad of ['../etc/passwd', 'ab/../../x', '', 'AB/NOT-A-UUID']) {
        await expect(store.put(Readable.from([Buffer.from('x')]), { maxBytes: 10, key: bad })).rejects.toThrow();
        await expect(store.get(bad)).rejects.toThrow(/invalid blob key/);
      }
    });

    it('keeps parallel writes apart', async () => {
      const store = await make();
      const done = await Promise.all([1, 2, 3, 4, 5].map((i) => store.put(bytes(300_000 + i, `p${i}`), { maxBytes: MIB })));
      expect(new Set(done.map((d) => d.key)).size).toBe(5);
      for (const [i, d] of done.entries()) expect(await digestStream(await store.get(d.key))).toEqual(await digestOf(300_001 + i, `p${i + 1}`));
    });

    it('lists complete blobs with size and time; sweepTemporary never touches them', async () => {
      const store = await make();
      const a = await store.put(Readable.from([Buffer.from('abc')]), { maxBytes: 10 });
      const listed = [];
      for await (const b of store.list()) if (b.key === a.key) listed.push(b);
      expect(listed).toHaveLength(1);
      expect(listed[0]!.size).toBe(3);
      expect(listed[0]!.modifiedAt.getTime()).toBeGreaterThan(Date.now() - 3_600_000);
      expect(await store.sweepTemporary(new Date(Date.now() + 60_000), new Set())).toBeGreaterThanOrEqual(0);
      expect((await store.stat(a.key))?.size).toBe(3);
    });
  });
}
