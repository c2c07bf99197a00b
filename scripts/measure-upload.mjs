#!/usr/bin/env node
// Peak memory of a server node during one large streamed upload (documents issue, "Done when").
//
//   npm run measure:upload                   # 500 MiB into the local blob store
//   npm run measure:upload -- --mib 200 --s3 # 200 MiB into an S3-compatible store (an s3rver process)
//
// Builds the server (scripts/build.mjs) and runs the production entry (dist/…/main.js) as its own
// process on an embedded PostgreSQL in a temporary DATA_DIR, with the upload limits raised by env.
// Streams one PDF of the given size as fast as the server takes it, sampling the server's resident
// memory (/proc/<pid>/status: VmRSS every 25 ms, and the kernel's own peak VmHWM), then downloads it
// back (verified against its SHA-256 as it streams) and runs GET /system/blobs/verify. Not part of
// the test run: it is slow, and its numbers are for the issue note, not for asserting.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { pdfOfSize } from '../server/src/test-support/pdf-stream.ts';
import { startS3rver } from '../server/src/test-support/s3rver.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const MIB = 1024 * 1024;
const sizeMib = Number(args[args.indexOf('--mib') + 1]) > 0 && args.includes('--mib') ? Number(args[args.indexOf('--mib') + 1]) : 500;
const useS3 = args.includes('--s3');
const PASSWORD = 'Measure#Chief2024';

async function rss(pid) {
  const s = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(s)?.[1] ?? 0);
  return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
}
const mib = (b) => Math.round((b / MIB) * 10) / 10;

class Session {
  constructor(base) {
    this.base = base;
  }
  async call(method, url, body) {
    const res = await fetch(`${this.base}/api/v1${url}`, {
      method,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const set = res.headers.get('set-cookie');
    if (set?.startsWith('sid=')) this.cookie = set.split(';')[0];
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }
  async login(username, password) {
    this.csrf = (await this.call('POST', '/auth/login', { username, password })).csrfToken;
  }
}

async function main() {
  console.log('building (scripts/build.mjs)…');
  const b = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
  if (b.status !== 0) process.exit(1);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'shsp-measure-'));
  await fs.chmod(dataDir, 0o755);
  const s3 = useS3 ? await startS3rver() : undefined;
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    ADMIN_PASSWORD: PASSWORD,
    APP_CLOCK: '2024-08-26T09:00:00+08:00',
    MAX_UPLOAD_MIB: String(sizeMib + 10),
    MAX_APPLICATION_UPLOAD_MIB: String(sizeMib * 2 + 10),
    ...(s3?.env ?? {}),
  };
  const child = spawn(process.execPath, [path.join(root, 'dist/server/src/main.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const base = await new Promise((resolve, reject) => {
    const t = setInterval(() => {
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearInterval(t);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    }, 50);
    child.on('exit', (code) => {
      clearInterval(t);
      reject(new Error(`server exited (${code}):\n${out}`));
    });
  });
  try {
    const org = new Session(base);
    await org.call('POST', '/auth/register', {
      username: 'measure_org',
      password: 'Shanghai#2024ok',
      organization: {
        name: '上海内存测量有限公司',
        uscc: '91310115MA1H000011',
        legalForm: 'enterprise',
        district: '310115',
        address: '上海市浦东新区世纪大道100号',
        legalRepresentative: '张三',
        contactName: '李四',
        contactPhone: '13800138000',
        contactEmail: 'm@example.cn',
      },
    });
    await org.login('measure_org', 'Shanghai#2024ok');
    const campaign = (await org.call('GET', '/campaigns'))[0];
    const item = (await org.call('GET', `/campaigns/${campaign.id}/items`)).find((i) => i.seq === 33);
    const app = await org.call('POST', '/applications', {
      campaignId: campaign.id,
      industryAuthority: '上海市商务委员会',
      items: [{ itemId: item.id, levels: item.levels }],
      sites: [{ name: '考核点', address: '浦东1号', district: '310115' }],
    });

    const size = sizeMib * MIB;
    const pdf = pdfOfSize(size, 'measure');
    const expected = pdf.sha256();
    await new Promise((r) => setTimeout(r, 1500)); // settle after start-up
    const baseline = await rss(child.pid);
    let peak = baseline.rss;
    const sampler = setInterval(
      () =>
        void rss(child.pid).then(
          (m) => (peak = Math.max(peak, m.rss)),
          () => {},
        ),
      25,
    );

    const boundary = `----measure${crypto.randomBytes(6).toString('hex')}`;
    const pre = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nwork_plan\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="大文件.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    const post = Buffer.from(`\r\n--${boundary}--\r\n`);
    const t0 = performance.now();
    const material = await new Promise((resolve, reject) => {
      const req = http.request(`${base}/api/v1/applications/${app.id}/materials`, {
        method: 'POST',
        headers: {
          cookie: org.cookie,
          'x-csrf-token': org.csrf,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(pre.length + size + post.length),
        },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => (res.statusCode === 201 ? resolve(JSON.parse(body)) : reject(new Error(`upload: ${res.statusCode} ${body}`))));
      });
      req.on('error', reject);
      (async () => {
        req.write(pre);
        for await (const chunk of pdf.stream({ chunk: 1024 * 1024 })) if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
        req.end(post);
      })().catch(reject);
    });
    const uploadMs = performance.now() - t0;
    const afterUpload = await rss(child.pid);
    const uploadPeak = Math.max(peak, afterUpload.rss);

    peak = afterUpload.rss;
    const t1 = performance.now();
    const dl = await fetch(`${base}/api/v1/applications/${app.id}/materials/${material.id}`, { headers: { cookie: org.cookie } });
    const hash = crypto.createHash('sha256');
    let got = 0;
    for await (const chunk of dl.body) {
      hash.update(chunk);
      got += chunk.length;
    }
    const downloadMs = performance.now() - t1;
    const downloadPeak = peak;

    const admin = new Session(base);
    await admin.login('admin', PASSWORD);
    const t2 = performance.now();
    const verify = await admin.call('GET', '/system/blobs/verify');
    const verifyMs = performance.now() - t2;
    clearInterval(sampler);
    const final = await rss(child.pid);

    const result = {
      store: useS3 ? 's3 (s3rver process)' : 'local disk',
      fileMiB: sizeMib,
      serverRssMiB: {
        beforeUpload: mib(baseline.rss),
        peakDuringUpload: mib(uploadPeak),
        growthDuringUpload: mib(uploadPeak - baseline.rss),
        peakDuringDownload: mib(downloadPeak),
        kernelPeakVmHWM: mib(final.hwm),
      },
      upload: {
        seconds: Math.round(uploadMs) / 1000,
        mibPerSecond: Math.round((sizeMib / (uploadMs / 1000)) * 10) / 10,
        sha256: material.sha256,
        sha256MatchesClient: material.sha256 === expected,
      },
      download: {
        seconds: Math.round(downloadMs) / 1000,
        mibPerSecond: Math.round((sizeMib / (downloadMs / 1000)) * 10) / 10,
        bytes: got,
        sha256MatchesClient: hash.digest('hex') === expected,
      },
      integrityCheck: {
        valid: verify.valid,
        materials: verify.materials,
        verified: verify.verified,
        mismatched: verify.mismatched.length,
        missing: verify.missing.length,
        seconds: Math.round(verifyMs) / 1000,
      },
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await new Promise((r) => {
      child.once('exit', r);
      child.kill('SIGTERM');
    });
    await s3?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
