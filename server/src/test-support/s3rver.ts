import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface S3rverProcess {
  endpoint: string;
  bucket: string;
  dir: string;
  /** the environment that makes the system use this server (config.ts) */
  env: Record<string, string>;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '../../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A real S3-compatible server in its own process (the npm `s3rver`), on a free loopback port with
 * a temporary directory and one bucket — the S3 driver is tested against it exactly as it would
 * talk to S3 (signatures, multipart, listings). Its default credentials are S3RVER/S3RVER.
 */
export async function startS3rver(bucket = 'shsp-blobs'): Promise<S3rverProcess> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'shsp-s3rver-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(root, 'node_modules/s3rver/bin/s3rver.js'),
      '-d',
      dir,
      '-a',
      '127.0.0.1',
      '-p',
      String(port),
      '--silent',
      '--no-vhost-buckets',
      '--configure-bucket',
      bucket,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`s3rver exited (${child.exitCode}): ${stderr}`);
    const res = await fetch(`${endpoint}/${bucket}`, { method: 'HEAD' }).catch(() => null);
    if (res) break;
    if (Date.now() > deadline) throw new Error(`s3rver did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    endpoint,
    bucket,
    dir,
    env: { S3_ENDPOINT: endpoint, S3_BUCKET: bucket, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', S3_FORCE_PATH_STYLE: '1' },
    async stop() {
      if (child.exitCode === null) {
        await new Promise((r) => {
          child.once('exit', r);
          child.kill('SIGTERM');
        });
      }
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
