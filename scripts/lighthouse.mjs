#!/usr/bin/env node
// `npm run lighthouse [-- --base http://127.0.0.1:3000] [--pages home,directory,verify] [--form mobile,desktop] [--runs 3] [--throttling simulate|devtools] [--save] [--out file.json]`
//
// Lighthouse (its default mobile emulation — simulated slow 4G, 4× CPU slowdown — and its desktop
// preset) on the public pages: home, the directory, and a receipt's verification page. Not a test:
// the figures depend on the machine and on what else runs on it. Without --base the script builds
// the web app into .scratch-lighthouse/web and starts the demo system from source (its own data in
// .data/lighthouse, a free port), and stops it at the end. Prints a table and writes
// lighthouse-results.json or --out (the run of median performance per page and form factor when --runs > 1,
// with every run's score, the medians of FCP/LCP/TBT/CLS, and the load average at each run).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const pages = arg('pages', 'home,directory,verify').split(',');
const forms = arg('form', 'mobile,desktop').split(',');
const runs = Number(arg('runs', '1'));
// simulate (Lighthouse's default: a loopback trace projected onto a slow phone network) or devtools
// (the page really loaded through a throttled network and CPU — slower to run, closer to a phone)
const throttlingMethod = arg('throttling', 'simulate');
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

async function startDemo() {
  const webDir = path.join(root, '.scratch-lighthouse/web');
  if (!process.argv.includes('--no-build')) {
    console.log('building the web app into .scratch-lighthouse/web …');
    const r = spawnSync(
      process.execPath,
      [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--outDir', webDir, '--emptyOutDir', '--logLevel', 'warn'],
      {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, NODE_ENV: 'production' },
      },
    );
    if (r.status !== 0) throw new Error('vite build failed');
  }
  const env = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DEMO_DATA: '1',
    DATA_DIR: path.join(root, '.data/lighthouse'),
    ADMIN_PASSWORD: 'Demo#Chief2024',
    APP_CLOCK: '2024-08-26T09:00:00+08:00',
    WEB_DIST_DIR: webDir,
    LOG_LEVEL: 'warn',
  };
  delete env.SERVE_WEB;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the demo did not start within 180 s')), 180_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /已启动：(http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`the demo exited (${code}):\n${out}`)));
  });
  child.stdout.resume();
  return { base, stop: () => child.kill('SIGTERM') };
}

async function receiptNo(base) {
  const res = await fetch(`${base}/api/v1/public/organizations?pageSize=1`);
  const body = await res.json();
  const no = body.items?.[0]?.filings?.[0]?.receiptNo;
  if (!no) throw new Error('no filed organisation in the directory to verify');
  return no;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const demo = arg('base') ? null : await startDemo();
  const base = arg('base') ?? demo.base;
  const urls = { home: `${base}/`, directory: `${base}/directory`, verify: `${base}/verify/${await receiptNo(base)}`, publicity: `${base}/publicity` };
  const chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const rows = [];
  // the figures depend on what else the machine does: its load is printed with them
  const load = () =>
    os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ');
  console.log(`${os.cpus().length} CPUs, load average ${load()} at the start`);
  try {
    for (const form of forms) {
      for (const name of pages) {
        const results = [];
        for (let i = 0, failures = 0; i < runs; i++) {
          const r = await lighthouse(
            urls[name],
            {
              port: chrome.port,
              output: 'json',
              logLevel: 'error',
              throttlingMethod,
              onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
            },
            form === 'desktop' ? desktopConfig : undefined,
          );
          const { categories: c, audits: a } = r.lhr;
          if (r.lhr.runtimeError || !c.performance) {
            // a trace Lighthouse could not record (NO_NAVSTART under load): measured again, at most 3 times
            console.log(`          ${name} (${form}): ${r.lhr.runtimeError?.code ?? 'no score'} — ${failures < 3 ? 'again' : 'given up'}`);
            if (++failures <= 3) i--;
            continue;
          }
          if (process.argv.includes('--save')) {
            fs.mkdirSync(path.join(root, '.scratch-lighthouse'), { recursive: true });
            fs.writeFileSync(path.join(root, `.scratch-lighthouse/${form}-${name}-${i}.json`), JSON.stringify(r.lhr));
          }
          const num = (id, digits = 0) => Number((a[id]?.numericValue ?? NaN).toFixed(digits));
          const requests = a['network-requests']?.details?.items ?? [];
          results.push({
            page: name,
            form,
            url: urls[name],
            performance: Math.round((c.performance.score ?? NaN) * 100),
            accessibility: Math.round(c.accessibility.score * 100),
            bestPractices: Math.round(c['best-practices'].score * 100),
            seo: Math.round(c.seo.score * 100),
            fcpMs: num('first-contentful-paint'),
            lcpMs: num('largest-contentful-paint'),
            tbtMs: num('total-blocking-time'),
            cls: num('cumulative-layout-shift', 3),
            requests: requests.length,
            transferKiB: Math.round(num('total-byte-weight') / 1024),
            scriptKiB: Math.round(requests.filter((q) => q.resourceType === 'Script').reduce((s, q) => s + q.transferSize, 0) / 1024),
            loadAverage: Number(os.loadavg()[0].toFixed(1)),
            failing: Object.values(a)
              .filter(
                (x) =>
                  x.score !== null &&
                  x.score < 0.9 &&
                  x.scoreDisplayMode !== 'informative' &&
                  x.scoreDisplayMode !== 'notApplicable' &&
                  x.scoreDisplayMode !== 'manual',
              )
              .map((x) => x.id),
          });
        }
        if (!results.length) continue;
        for (const x of results)
          console.log(`          run: perf ${x.performance}  FCP ${x.fcpMs}  LCP ${x.lcpMs}  TBT ${x.tbtMs}  CLS ${x.cls}  (load ${x.loadAverage})`);
        // the run of median performance, with the medians of each measure over all runs beside it
        const perf = median(results.map((x) => x.performance));
        const medians = Object.fromEntries(['fcpMs', 'lcpMs', 'tbtMs', 'cls'].map((k) => [k, median(results.map((x) => x[k]))]));
        rows.push({ ...results.find((x) => x.performance === perf), runs: results.length, performanceRuns: results.map((x) => x.performance), medians });
        const row = rows.at(-1);
        console.log(
          `${form.padEnd(7)} ${name.padEnd(9)} median of ${results.length}: perf ${row.performance} (FCP ${medians.fcpMs}, LCP ${medians.lcpMs}, TBT ${medians.tbtMs} ms, CLS ${medians.cls}); that run: a11y ${row.accessibility} bp ${row.bestPractices} seo ${row.seo}  FCP ${row.fcpMs} ms  LCP ${row.lcpMs} ms  TBT ${row.tbtMs} ms  CLS ${row.cls}  ${row.requests} requests, ${row.transferKiB} KiB (${row.scriptKiB} KiB script)`,
        );
        if (row.failing.length) console.log(`          below 0.9: ${row.failing.join(', ')}`);
      }
    }
  } finally {
    await chrome.kill();
    demo?.stop();
  }
  console.log(`load average ${load()} at the end`);
  fs.writeFileSync(
    path.resolve(root, arg('out', 'lighthouse-results.json')),
    JSON.stringify({ at: new Date().toISOString(), lighthouse: '12.2.3', runs, throttlingMethod, loadAverage: os.loadavg(), rows }, null, 2),
  );
  console.table(rows.map(({ failing: _f, url: _u, medians: _m, performanceRuns: _p, ...r }) => r));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
