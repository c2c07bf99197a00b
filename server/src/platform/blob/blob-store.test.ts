import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobStoreContract } from '../../test-support/blob-store-contract.js';
import { startS3rver, type S3rverProcess } from '../../test-support/s3rver.js';
import { loadConfig } from '../config.js';
import type { BlobStore } from './blob-store.js';
import { createBlobStore } from './create-blob-store.js';
import { LocalBlobStore } from './local-blob-store.js';

const dirs: string[] = [];
const stores: BlobStore[] = [];
let s3: S3rverProcess;

beforeAll(async () => {
  s3 = await startS3rver();
}, 30_000);

afterAll(async () => {
  for (const s of stores) await s.close?.();
  await s3?.stop();
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

async function localStore(): Promise<LocalBlobStore> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'shsp-blobs-'));
  dirs.push(dir);
  const store = new LocalBlobStore(dir);
  await store.init();
  return store;
}

blobStoreContract('local disk', localStore);
blobStoreContract('S3 (s3rver process)', async () => {
  // configured exactly as production would be: from the environment, through config.ts
  const store = await createBlobStore(loadConfig({ DATA_DIR: os.tmpdir(), ...s3.env }).blobStore);
  stores.push(store);
  return store;
});

describe('local disk specifics', () => {
  it('sweeps temporary files left by a dead writer, not those of a living upload or fresh ones', async () => {
    const store = await localStore();
    const root = (store as unknown as { root: string }).root;
    const live = store.newKey();
    const dead = store.newKey();
    const fresh = store.newKey();
    for (const k of [live, dead, fresh]) await fs.writeFile(path.join(root, 'tmp', `${k.slice(3)}.part`), 'partial');
    const old = new Date(Date.now() - 3_600_000);
    await fs.utimes(path.join(root, 'tmp', `${live.slice(3)}.part`), old, old);
    await fs.utimes(path.join(root, 'tmp', `${dead.slice(3)}.part`), old, old);
    expect(await store.sweepTemporary(new Date(Date.now() - 60_000), new Set([live]))).toBe(1);
    expect((await fs.readdir(path.join(root, 'tmp'))).sort()).toEqual([`${live.slice(3)}.part`, `${fresh.slice(3)}.part`].sort());
  });
});

describe('S3 configuration fails fast', () => {
  it('refuses half an S3 configuration, and secrets without a bucket', () => {
    expect(() => loadConfig({ S3_BUCKET: 'bucket' })).toThrow(/S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/);
    expect(() => loadConfig({ S3_ENDPOINT: 'http://127.0.0.1:9000' })).toThrow(/without S3_BUCKET/);
    expect(() => loadConfig({ S3_BUCKET: 'bucket', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's', S3_FORCE_PATH_STYLE: 'yes' })).toThrow(
      /S3_FORCE_PATH_STYLE/,
    );
    const c = loadConfig({ S3_BUCKET: 'bucket', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's', S3_ENDPOINT: 'http://127.0.0.1:9000' });
    expect(c.blobStore).toMatchObject({ driver: 's3', bucket: 'bucket', region: 'us-east-1', forcePathStyle: true });
    expect(loadConfig({ DATA_DIR: '/srv/x' }).blobStore).toEqual({ driver: 'local', root: '/srv/x/blobs' });
  });

  it('an unreachable bucket stops the start', async () => {
    const c = loadConfig({ S3_BUCKET: 'no-such-bucket', S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', S3_ENDPOINT: s3.endpoint });
    await expect(createBlobStore(c.blobStore)).rejects.toThrow(/no-such-bucket/);
  });

  it('per-kind upload limits are configurable and checked', () => {
    const c = loadConfig({ MAX_UPLOAD_MIB: '50', UPLOAD_LIMITS_MIB: 'sample_paper=100, site_photo=5' });
    expect(c.uploads.perKind.sample_paper).toBe(100 * 1024 * 1024);
    expect(c.uploads.perKind.site_photo).toBe(5 * 1024 * 1024);
    expect(c.uploads.perKind.credit_proof).toBe(50 * 1024 * 1024);
    expect(c.maxUploadBytes).toBe(100 * 1024 * 1024);
    expect(() => loadConfig({ UPLOAD_LIMITS_MIB: 'passport=3' })).toThrow(/UPLOAD_LIMITS_MIB/);
  });
});
