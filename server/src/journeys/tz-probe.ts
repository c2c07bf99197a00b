/**
 * DL-3 probe — not a test by itself: timezone.test.ts runs it in child processes under different
 * `TZ` values and compares what it prints. It builds a whole system over its own copy of the
 * seeded template database (as harness.ts does, without vitest), drives one short case through
 * the deadlines that hinge on Shanghai days, and prints one JSON line of the results.
 *
 *   PG_ADMIN_URL=postgres://… TZ=America/Los_Angeles npx tsx server/src/journeys/tz-probe.ts
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../app.js';
import { Journey, expectStatus } from '../bootstrap/journey.js';
import type { Client } from '../bootstrap/inject-client.js';
import { LocalBlobStore } from '../platform/blob/local-blob-store.js';
import { ManualClock } from '../platform/clock/clock.js';
import { loadConfig } from '../platform/config.js';
import { connect } from '../platform/db/database.js';
import { loadTrustKeys } from '../platform/keys/trust-keys.js';

const adminUrl = process.env.PG_ADMIN_URL;
if (!adminUrl) throw new Error('tz-probe: set PG_ADMIN_URL (the admin URL of the test PostgreSQL)');

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

const name = `tz_${crypto.randomBytes(6).toString('hex')}`;
await adminQuery(`CREATE DATABASE ${name} TEMPLATE selection_template`);
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'shsp-tz-'));
const config = loadConfig({
  NODE_ENV: 'test',
  DATA_DIR: dataDir,
  DATABASE_URL: withDatabase(adminUrl, name),
  ADMIN_PASSWORD: 'Chief-Passw0rd!',
  RATE_LOGIN_PER_MIN: '1000',
  RATE_REGISTER_PER_HOUR: '1000',
  RATE_OBJECTION_PER_MIN: '1000',
  // the run's test keys when timezone.test.ts passes them (else made in dataDir, as in development)
  ...(process.env.SIGNING_KEY_FILE ? { SIGNING_KEY_FILE: process.env.SIGNING_KEY_FILE } : {}),
  ...(process.env.LOG_KEY_FILE ? { LOG_KEY_FILE: process.env.LOG_KEY_FILE } : {}),
});
const database = connect(config.databaseUrl!, 5);
const clock = new ManualClock(new Date('2024-08-26T10:00:00+08:00'));
const blobs = new LocalBlobStore(path.join(dataDir, 'blobs'));
await blobs.init();
const keys = await loadTrustKeys({ env: config.env, dataDir, ...config.keys });
const built = await buildApp({ db: database.db, clock, config, blobs, keys });
await built.services.accounts.ensureAdmin(() => {});
const at = (iso: string) => clock.set(new Date(iso));

const out: Record<string, unknown> = {
  env: {
    tz: process.env.TZ ?? null,
    resolved: Intl.DateTimeFormat().resolvedOptions().timeZone,
    offsetMinutes: new Date('2024-08-28T12:00:00Z').getTimezoneOffset(),
  },
};

try {
  const j = new Journey(built.app);
  await j.loginAdmin('Chief-Passw0rd!');
  const authority = '上海市公安局技术防范办公室';
  const industry = (await j.staff({ username: 'tz_ind', role: 'industry_authority', displayName: '行业主管部门', authority })).client;
  const pudong = (await j.staff({ username: 'tz_hr', role: 'district_hr', displayName: '浦东新区人社局', district: '310115' })).client;
  const center = (await j.staff({ username: 'tz_center', role: 'center', displayName: '市职鉴中心' })).client;
  const bureau = (await j.staff({ username: 'tz_bureau', role: 'bureau', displayName: '市人社局' })).client;
  const experts: { client: Client; id: string }[] = [];
  for (const n of [1, 2, 3]) experts.push(await j.staff({ username: `tz_expert${n}`, role: 'expert', displayName: `专家${n}` }));
  const campaign = await j.campaign2024();
  const item1 = campaign.items.find((i) => i.seq === 1)!;
  const item2 = campaign.items.find((i) => i.seq === 2)!;

  /** An organisation with a recommended application and every material, ready to submit. */
  async function ready(username: string, uscc: string, orgName: string) {
    const { client } = await j.registerOrg({ username, name: orgName, uscc });
    const res = await client.post('/applications', {
      campaignId: campaign.id,
      industryAuthority: authority,
      items: [
        { itemId: item1.id, levels: [5, 4, 3] },
        { itemId: item2.id, levels: [4] },
      ],
      sites: [{ name: '浦东考核点', address: '浦东新区张江路1号', district: '310115' }],
    });
    expectStatus(res, 201, `create ${username}`);
    const id: string = res.json().id;
    const itemIds: string[] = res.json().items.map((i: { id: string }) => i.id);
    expectStatus(await client.post(`/applications/${id}/request-recommendation`), 200, 'request');
    expectStatus(await industry.post(`/applications/${id}/recommendations`, { decision: 'recommend', comment: '同意' }), 200, 'industry');
    expectStatus(await pudong.post(`/applications/${id}/recommendations`, { decision: 'recommend', comment: '同意' }), 200, 'district');
    await j.uploadAll(client, id, itemIds);
    return { client, id, itemIds };
  }
  const a = await ready('tz_org_a', '91310115MA1H000011', '上海甲评价有限公司');
  const b = await ready('tz_org_b', '51310000MJ0000001N', '上海乙评价协会');

  out.campaign = (await j.admin.get('/campaigns'))
    .json()
    .map((c: { opensAt: string; closesAt: string; docNumber: string }) => ({ docNumber: c.docNumber, opensAt: c.opensAt, closesAt: c.closesAt }));

  // the last second of the window, and the first second after it (四(二))
  at('2024-08-28T23:59:59+08:00');
  out.checklistA = (await a.client.get(`/applications/${a.id}/checklist`)).json();
  const submitted = await a.client.post(`/applications/${a.id}/submit`);
  out.submitA = { status: submitted.statusCode, state: submitted.json().status, submittedAt: submitted.json().submittedAt };
  at('2024-08-29T00:00:00+08:00');
  const late = await b.client.post(`/applications/${b.id}/submit`);
  const lateBody = late.json();
  out.submitB = {
    status: late.statusCode,
    code: lateBody.code,
    clause: lateBody.clause,
    blockers: lateBody.blockers?.map((x: { code: string; clause?: string }) => [x.code, x.clause ?? null]),
  };
  out.checklistB = (await b.client.get(`/applications/${b.id}/checklist`)).json();

  // a return for correction on a Monday: 5 working days from the next working day (三(二))
  at('2024-09-02T10:00:00+08:00');
  const ret = await center.post(`/applications/${a.id}/acceptance`, { decision: 'return', reason: '请补充工作方案' });
  out.returned = { status: ret.json().status, correctionDueOn: ret.json().correctionDueOn };
  at('2024-09-09T23:59:59+08:00');
  const re = await a.client.post(`/applications/${a.id}/submit`);
  out.resubmit = { status: re.statusCode, state: re.json().status, submittedAt: re.json().submittedAt };

  // institution evaluation, then the 3-month project clock (三(四))
  at('2024-09-10T10:00:00+08:00');
  expectStatus(await center.post(`/applications/${a.id}/acceptance`, { decision: 'accept', reason: '' }), 200, 'accept');
  expectStatus(await center.post(`/applications/${a.id}/experts`, { expertUserIds: experts.map((e) => e.id) }), 200, 'experts');
  for (const e of experts) {
    expectStatus(
      await e.client.post(`/applications/${a.id}/expert-reviews`, { conflictOfInterest: false, score: 80, opinion: '同意', recommendation: 'pass' }),
      200,
      'review',
    );
  }
  const site = (await center.get(`/applications/${a.id}`)).json().sites[0];
  expectStatus(
    await center.post(`/applications/${a.id}/site-inspections`, {
      siteId: site.id,
      inspectedOn: '2024-09-12',
      inspectors: ['王五'],
      findings: '符合要求',
      result: 'pass',
    }),
    200,
    'inspect',
  );
  at('2024-09-13T10:00:00+08:00');
  const inst = await center.post(`/applications/${a.id}/institution-evaluation`, { result: 'pass', summary: '通过' });
  out.institution = {
    status: inst.json().status,
    institutionPassedOn: inst.json().institutionPassedOn,
    due: inst.json().items.map((i: { projectEvaluationDueOn?: string }) => i.projectEvaluationDueOn),
  };
  at('2024-12-13T23:59:00+08:00');
  const pass = await center.post(`/application-items/${a.itemIds[0]}/project-evaluation`, { result: 'pass', summary: '通过' });
  at('2024-12-14T00:00:00+08:00');
  const lapsed = await center.post(`/application-items/${a.itemIds[1]}/project-evaluation`, { result: 'pass', summary: '通过' });
  out.project = { pass: pass.statusCode, lapsed: [lapsed.statusCode, lapsed.json().code, lapsed.json().clause] };

  // approval, five working days of public notice, filing and its validity (三(五), 三(六))
  expectStatus(await bureau.post(`/application-items/${a.itemIds[0]}/approval`, { decision: 'approve', comment: '同意' }), 200, 'approve');
  at('2024-12-20T09:00:00+08:00');
  const pub = await center.post('/publicities', { title: '公示', applicationItemIds: [a.itemIds[0]] });
  out.publicity = { startsOn: pub.json().startsOn, endsOn: pub.json().endsOn };
  at('2024-12-26T23:59:59+08:00');
  out.lastNoticeSecond = (await a.client.get(`/applications/${a.id}`)).json().items.map((i: { status: string }) => i.status);
  at('2024-12-27T00:00:00+08:00');
  const filed = (await a.client.get(`/applications/${a.id}`)).json();
  const f = filed.items[0].filing;
  out.filing = { status: f?.status, filedOn: f?.filedOn, validUntil: f?.validUntil, items: filed.items.map((i: { status: string }) => i.status) };
  at('2027-12-26T23:59:59+08:00');
  out.lastValidSecond = (await a.client.get(`/applications/${a.id}`)).json().items[0].filing.status;
  at('2027-12-27T00:00:00+08:00');
  out.expired = (await a.client.get(`/applications/${a.id}`)).json().items[0].filing.status;
  out.history = filed.history.map((h: { at: string; action: string; from?: string; to?: string }) => [h.at, h.action, h.from ?? null, h.to ?? null]);

  // working days across the National Day holiday (public calendar)
  out.workingDays = (await j.admin.get('/calendar/working-days?from=2024-09-30&count=5')).json();
} finally {
  await built.app.close();
  await database.close();
  await fs.rm(dataDir, { recursive: true, force: true });
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

process.stdout.write(`${JSON.stringify(out)}\n`);
