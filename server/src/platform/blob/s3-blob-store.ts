import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
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

export interface S3BlobStoreOptions {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
  /** multipart part size (bytes); memory per upload is about partSize × queueSize */
  partSize?: number;
  queueSize?: number;
}

const PART_SIZE = 8 * 1024 * 1024;

function isMissing(err: unknown): boolean {
  if (err instanceof S3ServiceException) return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata?.httpStatusCode === 404;
  return false;
}

/**
 * An S3-compatible bucket (AWS S3, MinIO, OSS/COS in S3 mode; tested against s3rver). Writes are
 * streamed as a multipart upload (lib-storage `Upload`: parts of 8 MiB, two in flight, so memory
 * stays flat); an object appears under its key only when CompleteMultipartUpload succeeds — the
 * incomplete upload is the temporary object. Incomplete uploads left by a crash are aborted by
 * `sweepTemporary` where the server lists them; production buckets should also carry a lifecycle
 * rule `AbortIncompleteMultipartUpload` (docs/decisions/0004-blob-commit-protocol.md).
 */
export class S3BlobStore implements BlobStore {
  readonly driver = 's3';
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(private readonly opts: S3BlobStoreOptions) {
    this.bucket = opts.bucket;
    this.client = new S3Client({
      endpoint: opts.endpoint,
      region: opts.region,
      forcePathStyle: opts.forcePathStyle,
      credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
      // S3-compatible servers differ in checksum support; SHA-256 is ours, end to end
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async init(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      throw new Error(`S3 bucket '${this.bucket}' is not reachable at ${this.opts.endpoint ?? 'AWS'}: ${(err as Error).name} ${(err as Error).message}`);
    }
  }

  newKey(): string {
    return newBlobKey();
  }

  async put(source: Readable, opts: PutOptions): Promise<StoredBlob> {
    const key = opts.key ?? newBlobKey();
    assertBlobKey(key);
    const meter = new Meter(opts.maxBytes, opts.keep);
    source.on('error', (err) => meter.destroy(err));
    source.pipe(meter);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: meter, ContentType: 'application/octet-stream' },
      partSize: this.opts.partSize ?? PART_SIZE,
      queueSize: this.opts.queueSize ?? 2,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
      if ((source as Readable & { truncated?: boolean }).truncated) throw new BlobTooLargeError(opts.maxBytes);
    } catch (err) {
      meter.discard();
      source.unpipe(meter);
      // a failed multipart upload was aborted by lib-storage; a completed one that we refuse is deleted
      await this.delete(key).catch(() => {});
      // the server's answer to the abort may hide why the body stopped: the meter knows
      if (meter.tooLarge || err instanceof BlobTooLargeError) throw new BlobTooLargeError(opts.maxBytes);
      throw err;
    }
    return meter.result(key);
  }

  async get(key: string): Promise<Readable> {
    assertBlobKey(key);
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return res.Body as Readable;
    } catch (err) {
      if (isMissing(err)) throw new BlobNotFoundError(key);
      throw err;
    }
  }

  async stat(key: string): Promise<BlobInfo | null> {
    assertBlobKey(key);
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { key, size: Number(res.ContentLength ?? 0), modifiedAt: res.LastModified ?? new Date(0) };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async *list(): AsyncIterable<BlobInfo> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        if (o.Key && BLOB_KEY.test(o.Key)) yield { key: o.Key, size: Number(o.Size ?? 0), modifiedAt: o.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async sweepTemporary(olderThan: Date, live: ReadonlySet<string>): Promise<number> {
    let removed = 0;
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    try {
      do {
        const page = await this.client.send(new ListMultipartUploadsCommand({ Bucket: this.bucket, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }));
        for (const u of page.Uploads ?? []) {
          if (!u.Key || !u.UploadId || live.has(u.Key) || !u.Initiated || u.Initiated >= olderThan) continue;
          await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: u.Key, UploadId: u.UploadId }));
          removed++;
        }
        keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
        uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
      } while (keyMarker);
    } catch (err) {
      // some S3-compatible servers (s3rver) do not list multipart uploads: the bucket's lifecycle rule does it
      if (err instanceof S3ServiceException && (err.name === 'NotImplemented' || err.$metadata?.httpStatusCode === 501)) return removed;
      throw err;
    }
    return removed;
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
