import type { BlobStoreConfig } from '../config.js';
import type { BlobStore } from './blob-store.js';
import { LocalBlobStore } from './local-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

/** The store the configuration names (local disk unless S3_BUCKET is set), ready to use. */
export async function createBlobStore(config: BlobStoreConfig): Promise<BlobStore> {
  const store = config.driver === 's3' ? new S3BlobStore(config) : new LocalBlobStore(config.root);
  await store.init();
  return store;
}
