import type { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestSystem, type TestSystem } from '../test-support/harness.js';
import { captureSmtp, type Mail } from '../test-support/smtp-capture.js';
import { Journey, applyAndSubmit, expectStatus, makeCast, passInstitution, type Cast, type CaseHandle } from '../bootstrap/journey.js';
import { LoggingSmsSender, smtpSender } from '../modules/notifications/channels.js';
import { MAX_ATTEMPTS, NotificationWorker } from '../modules/notifications/delivery.service.js';
import { notify } from '../modules/notifications/notifications.service.js';
import { dueOutboxRows } from '../modules/notifications/notifications.repository.js';

const BASE = 'https://pingjia.example.gov.cn';

/** 三 工作流程, told to the people it concerns: outbox in the same transaction, delivery after commit. */
describe('notifications', () => {
  let sys: TestSystem;
  let j: Journey;
  let cast: Cast;
  let org: Client;
  let app: CaseHandle;
  let jingan: Client;
  let smtp: SMTPServer;
  const mails: Mail[] = [];
  const sms: { phone: string; text: string }[] = [];
  const warnings: string[] = [];
  let worker: NotificationWorker;

  const inbox = async (c: Client, q = '') =>
    (await c.get(`/inbox${q}`)).json() as {
      items: { id: string; kind: string; title: string; body: string; link?: string; readAt?: string }[];
      total: number;
      unread: number;
    };
  const outbox = () => sys.database.db.selectFrom('notification_outbox').selectAll().orderBy('id').execute();
  const events = async () =>
    Number(
      (
        await sys.database.db
          .selectFrom('notification_events')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    const capture = await captureSmtp(mails);
    smtp = capture.server;
    const port = capture.port;
    sys = await createTestSystem({
      now: '2024-08-26T09:00:00+08:00',
      env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: '社评组织遴选系统 <noreply@pingjia.example.gov.cn>', PUBLIC_BASE_URL: BASE },
    });
    worker = new NotificationWorker(
      sys.ctx,
      { email: smtpSender(sys.config.mail!), sms: { send: async (phone, text) => (sms.push({ phone, text }), 'sent' as const) } },
      { info: () => {}, warn: (m) => void warnings.push(m) },
    );
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j);
    jingan = (await j.staff({ username: 'hr_jingan', role: 'district_hr', displayName: '静安区人社局', district: '310106' })).client;
    org = (await j.registerOrg({ username: 'note_org', name: '上海东方咖啡职业技能评价有限公司', uscc: '91310115MA1H000011' })).client;
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await sys?.close();
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  });

  it('asking for recommendation tells the named authority and each site district — nobody else (三(一))', async () => {
    const campaign = await j.campaign2024();
    app = await applyAndSubmit(j, cast, org, campaign, [33, 36], ['310115', '310104'], { submit: false });
    for (const c of [cast.industry, cast.hr['310115']!, cast.hr['310104']!]) {
      const box = await inbox(c);
      const asked = box.items.filter((i) => i.kind === 'recommendation_requested');
      expect(asked).toHaveLength(1);
      expect(asked[0]!.title).toContain('上海东方咖啡职业技能评价有限公司');
      expect(asked[0]!.link).toBe(`/applications/${app.id}`);
    }
    expect((await inbox(jingan)).total).toBe(0);
    expect((await inbox(cast.center)).total).toBe(0);
    // the applicant hears of each status change of its own: 待推荐, then 已推荐
    const own = (await inbox(org)).items.map((i) => i.title);
    expect(own).toEqual(expect.arrayContaining(['申报状态：待推荐', '申报状态：已推荐（待提交）']));
  });

  it('a refused command writes no message: the outbox lives in the state change’s transaction', async () => {
    const before = await events();
    sys.clock.set(new Date('2024-08-29T00:00:00+08:00')); // the window has closed
    const r = await org.post(`/applications/${app.id}/submit`);
    expect(r.json().code).toBe('WINDOW_CLOSED');
    expect(await events()).toBe(before);
    sys.clock.set(new Date('2024-08-28T10:00:00+08:00'));
    expectStatus(await org.post(`/applications/${app.id}/submit`), 200, 'submit');
    expect(await events()).toBe(before + 1);
  });

  it('delivered after commit: email over a real SMTP server, SMS through the SMS interface', async () => {
    const pending = (await outbox()).filter((o) => o.status === 'pending');
    expect(pending.length).toBeGreaterThanOrEqual(3);
    expect(pending.every((o) => o.channel === 'email' && o.address === 'contact@example.cn')).toBe(true);
    const r = await worker.deliver();
    expect(r).toEqual({ sent: pending.length, logged: 0, failed: 0 });
    expect(mails).toHaveLength(pending.length);
    const submitted = mails.find((m) => m.subject.includes('已提交（待受理）'))!;
    expect(submitted.to).toEqual(['contact@example.cn']);
    expect(submitted.subject).toBe('【社评组织征集遴选】申报状态：已提交（待受理）');
    expect(submitted.text).toContain(`查看详情：${BASE}/applications/${app.id}`);
    expect((await outbox()).every((o) => o.status === 'sent' && o.attempts === 1 && o.sent_at)).toBe(true);
    expect(await worker.deliver()).toEqual({ sent: 0, logged: 0, failed: 0 });

    // 退回补正 is urgent: by SMS as well (the logging driver here records it)
    sys.clock.set(new Date('2024-09-02T09:00:00+08:00'));
    expectStatus(await cast.center.post(`/applications/${app.id}/acceptance`, { decision: 'return', reason: '工作方案缺少质量管控措施' }), 200, 'return');
    await worker.deliver();
    expect(sms).toHaveLength(1);
    expect(sms[0]!.phone).toBe('13800138000');
    expect(sms[0]!.text).toContain('退回补正');
    expect(sms[0]!.text).toContain('工作方案缺少质量管控措施');
    expect(mails.at(-1)!.subject).toContain('退回补正');
    expectStatus(await org.post(`/applications/${app.id}/submit`), 200, 'resubmit');
  });

  it('experts hear when they are assigned, once (三(三))', async () => {
    expectStatus(await cast.center.post(`/applications/${app.id}/acceptance`, { decision: 'accept', reason: '' }), 200, 'accept');
    const [e1, e2, e3] = cast.experts;
    expectStatus(await cast.center.post(`/applications/${app.id}/experts`, { expertUserIds: [e1!.id, e2!.id] }), 200, 'assign');
    expectStatus(await cast.center.post(`/applications/${app.id}/experts`, { expertUserIds: [e1!.id, e3!.id] }), 200, 'assign again');
    for (const e of [e1!, e2!, e3!]) {
      const got = (await inbox(e.client)).items.filter((i) => i.kind === 'expert_assigned');
      expect(got).toHaveLength(1);
      expect(got[0]!.body).toContain('利益冲突');
    }
  });

  it('a failing channel is retried with backoff, then given up; the inbox copy stays', async () => {
    const broken = new NotificationWorker(
      sys.ctx,
      { email: smtpSender({ url: 'smtp://127.0.0.1:1', from: 'x@example.cn' }) },
      { info: () => {}, warn: (m) => void warnings.push(m) },
    );
    await worker.deliver(); // everything so far is out
    await passInstitution(cast, app, '2024-09-03', { accepted: true });
    const row = (await outbox()).find((o) => o.status === 'pending')!;
    let t = Date.now();
    expect(await broken.deliver(() => new Date(t))).toEqual({ sent: 0, logged: 0, failed: 1 });
    let r = (await outbox()).find((o) => o.id === row.id)!;
    expect(r).toMatchObject({ status: 'pending', attempts: 1 });
    expect(r.last_error).toMatch(/ECONNREFUSED|connect/i);
    const wait = new Date(r.next_attempt_at).getTime() - t;
    expect(wait).toBeGreaterThanOrEqual(30_000);
    expect(wait).toBeLessThanOrEqual(33_000);
    expect(await broken.deliver(() => new Date(t + 1000))).toEqual({ sent: 0, logged: 0, failed: 0 }); // not due yet
    for (let n = 2; n <= MAX_ATTEMPTS; n++) {
      t = new Date((await outbox()).find((o) => o.id === row.id)!.next_attempt_at).getTime() + 1;
      await broken.deliver(() => new Date(t));
      r = (await outbox()).find((o) => o.id === row.id)!;
      expect(r.attempts).toBe(n);
    }
    expect(r.status).toBe('failed');
    expect(warnings.at(-1)).toContain('giving up');
    expect((await inbox(org)).items[0]!.title).toBe('申报状态：通过机构评估');
    await broken.stop();
  });

  it('several nodes deliver the same outbox: every message is sent exactly once (SKIP LOCKED)', async () => {
    const h = await sys.database.db.selectFrom('applications').select('organization_id').where('id', '=', app.id).executeTakeFirstOrThrow();
    for (let n = 0; n < 30; n++) {
      await sys.database.db
        .transaction()
        .execute((tx) =>
          notify(
            tx,
            sys.config,
            { kind: 'status_changed', title: `并发测试 ${n}`, body: '并发投递', sms: true },
            [{ organizationId: h.organization_id }],
            sys.clock.now(),
          ),
        );
    }
    const sentBefore = mails.length;
    const smsBefore = sms.length;
    const other = new NotificationWorker(
      sys.ctx,
      { email: smtpSender(sys.config.mail!), sms: { send: async (phone, text) => (sms.push({ phone, text }), 'sent' as const) } },
      { info: () => {}, warn: () => {} },
    );
    const [a, b] = await Promise.all([worker.deliver(), other.deliver()]);
    await other.stop();
    expect(a.sent + b.sent).toBe(60);
    expect(mails.length - sentBefore).toBe(30);
    expect(sms.length - smsBefore).toBe(30);
    expect(new Set(mails.slice(sentBefore).map((m) => m.subject)).size).toBe(30);
    expect((await outbox()).filter((o) => o.status === 'sent' && o.attempts !== 1)).toEqual([]);
  });

  it('an SMS the logging driver (SMS_DRIVER=log) only wrote to the log is recorded as `logged`, never as sent', async () => {
    const h = await sys.database.db.selectFrom('applications').select('organization_id').where('id', '=', app.id).executeTakeFirstOrThrow();
    await sys.database.db
      .transaction()
      .execute((tx) =>
        notify(
          tx,
          sys.config,
          { kind: 'status_changed', title: '日志短信', body: '仅写入日志', sms: true },
          [{ organizationId: h.organization_id }],
          sys.clock.now(),
        ),
      );
    const gatewaySent = (await outbox()).filter((o) => o.channel === 'sms' && o.status === 'sent').length;
    const lines: string[] = [];
    const logging = new NotificationWorker(
      sys.ctx,
      { email: smtpSender(sys.config.mail!), sms: new LoggingSmsSender((l) => void lines.push(l)) },
      { info: () => {}, warn: () => {} },
    );
    const r = await logging.deliver();
    await logging.stop();
    expect(r).toEqual({ sent: 1, logged: 1, failed: 0 }); // the e-mail went to the SMTP server; the SMS only to the log
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[SMS\] 1\d\d\*{4}\d{4}：【上海职业技能鉴定】日志短信/);
    const rows = (await outbox()).filter((o) => o.channel === 'sms' && o.status === 'logged');
    expect(rows).toHaveLength(1);
    expect((await outbox()).filter((o) => o.channel === 'sms' && o.status === 'sent')).toHaveLength(gatewaySent); // only a gateway's count as sent
  });

  it('reminds the applicant and the centre 30, 7 and 1 days before a project evaluation is due — each once (三(四))', async () => {
    sys.clock.set(new Date('2024-10-08T10:00:00+08:00'));
    const [filedItem, lapsing] = app.items;
    expectStatus(await cast.center.post(`/application-items/${filedItem!.id}/project-evaluation`, { result: 'pass', summary: '通过' }), 200, 'project');
    expectStatus(await cast.bureau.post(`/application-items/${filedItem!.id}/approval`, { decision: 'approve', comment: '同意' }), 200, 'approve');
    expectStatus(await cast.center.post('/publicities', { title: '公示', applicationItemIds: [filedItem!.id] }), 201, 'publicity');
    const due = (await org.get(`/applications/${app.id}`)).json().items[1].projectEvaluationDueOn;
    expect(due).toBe('2024-12-02'); // institution passed 2024-09-02 + 3 months
    const reminders = async (c: Client) => (await inbox(c, '?pageSize=100')).items.filter((i) => i.kind === 'project_deadline_reminder').map((i) => i.title);
    const at = async (iso: string) => {
      sys.clock.set(new Date(iso));
      await org.get('/auth/me'); // a request applies passed deadlines
      return worker.sweepReminders(sys.clock.now());
    };
    expect(await at('2024-11-02T23:59:00+08:00')).toBe(0); // 30 days + 1 minute before 24:00 of 12-02
    expect(await at('2024-11-03T00:00:01+08:00')).toBe(2); // applicant + centre
    expect(await at('2024-11-10T09:00:00+08:00')).toBe(0); // told already
    expect(await at('2024-11-26T00:00:01+08:00')).toBe(2);
    expect(await at('2024-12-02T12:00:00+08:00')).toBe(2);
    expect(await worker.sweepReminders(sys.clock.now())).toBe(0);
    expect(await reminders(org)).toEqual([
      '项目评估截止提醒：美发师（还有 1 天）',
      '项目评估截止提醒：美发师（还有 7 天）',
      '项目评估截止提醒：美发师（还有 30 天）',
    ]);
    const centre = await reminders(cast.center);
    expect(centre).toHaveLength(3);
    expect(centre[0]).toBe('项目评估截止提醒：上海东方咖啡职业技能评价有限公司·美发师（还有 1 天）');
    const body = (await inbox(org, '?pageSize=100')).items.find((i) => i.kind === 'project_deadline_reminder')!.body;
    expect(body).toContain('须于 2024-12-02 24时前完成项目评估');
    expect(body).toContain('视作放弃申报（三(四)）');
    // past the deadline: 视作放弃, told (by SMS too), and no more reminders
    expect(await at('2024-12-03T00:00:01+08:00')).toBe(0);
    expect((await inbox(org)).items[0]!.title).toBe('申报项目“美发师”：视作放弃');
    expect(lapsing).toBeDefined();
    await worker.deliver();
    expect(sms.at(-1)!.text).toContain('视作放弃');
  });

  it('tells of the filing, and reminds 90 and 30 days before it expires (三(五))', async () => {
    const filed = (await inbox(org, '?pageSize=100')).items.find((i) => i.kind === 'filing_issued')!;
    expect(filed.title).toBe('已备案：咖啡师');
    expect(filed.body).toContain('SHPB-2024-00001');
    expect(filed.link).toBe('/filings/SHPB-2024-00001');
    const receipt = (await org.get(`/applications/${app.id}`)).json().items[0].filing;
    expect(receipt.validUntil).toBe('2027-10-12');
    const at = async (iso: string) => {
      sys.clock.set(new Date(iso));
      await org.get('/auth/me');
      return worker.sweepReminders(sys.clock.now());
    };
    expect(await at('2027-07-14T23:00:00+08:00')).toBe(0);
    expect(await at('2027-07-15T00:00:01+08:00')).toBe(2); // 90 days before 24:00 of 2027-10-12
    expect(await at('2027-08-01T00:00:00+08:00')).toBe(0);
    expect(await at('2027-09-13T00:00:01+08:00')).toBe(2);
    expect(await at('2027-10-13T00:00:01+08:00')).toBe(0); // expired now
    const titles = (await inbox(org, '?pageSize=100')).items.map((i) => i.title);
    expect(titles.slice(0, 3)).toEqual(['备案有效期届满：咖啡师', '备案即将到期：咖啡师（还有 30 天）', '备案即将到期：咖啡师（还有 90 天）']);
    expect((await inbox(cast.center, '?pageSize=100')).items.filter((i) => i.kind === 'filing_expiry_reminder')).toHaveLength(2);
  });

  it('the inbox: own messages only, unread count, mark one or all read', async () => {
    const box = await inbox(org);
    expect(box.unread).toBe(box.total);
    const first = box.items[0]!;
    const read = await org.post(`/inbox/${first.id}/read`);
    expectStatus(read, 200, 'read');
    expect(read.json().readAt).toMatch(/\+08:00$/);
    expect((await inbox(org)).unread).toBe(box.total - 1);
    expect((await inbox(org, '?unread=true')).items.map((i) => i.id)).not.toContain(first.id);
    const r = await cast.center.post(`/inbox/${first.id}/read`); // someone else's
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe('NOT_FOUND');
    expect((await org.post('/inbox/read-all')).json().updated).toBe(box.total - 1);
    expect((await inbox(org)).unread).toBe(0);
    expect((await new Client(sys.app).get('/inbox')).statusCode).toBe(401);
  });

  it('with SMTP and SMS off, only the inbox is written', async () => {
    const h = await sys.database.db.selectFrom('applications').select('organization_id').where('id', '=', app.id).executeTakeFirstOrThrow();
    const before = (await outbox()).length;
    await sys.database.db
      .transaction()
      .execute((tx) =>
        notify(
          tx,
          { mail: undefined, smsDriver: 'off' },
          { kind: 'status_changed', title: '仅站内', body: '无邮件无短信', sms: true },
          [{ organizationId: h.organization_id }],
          sys.clock.now(),
        ),
      );
    expect((await outbox()).length).toBe(before);
    expect((await inbox(org)).items[0]!.title).toBe('仅站内');
  });

  it('the outbox claim reads its due rows by the partial index, in claim order — no sort of every pending row (migration 0022)', async () => {
    // the claim's own statement (prepared when hot, so planned generically)
    const q = dueOutboxRows(sys.ctx.db, sys.clock.now(), 20).compile();
    const sent = [{ text: q.sql, values: q.parameters as unknown[] }];
    const c = await sys.database.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('SET LOCAL plan_cache_mode = force_generic_plan');
      await c.query('SET LOCAL enable_seqscan = off');
      await c.query(`PREPARE claim_probe AS ${sent[0]!.text}`);
      const args = sent[0]!.values.map((v) => (v instanceof Date ? `'${v.toISOString()}'::timestamptz` : typeof v === 'number' ? String(v) : `'${String(v)}'`));
      const plan = (await c.query(`EXPLAIN EXECUTE claim_probe(${args.join(', ')})`)).rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
      expect(plan).toContain('notification_outbox_due_idx');
      expect(plan).not.toMatch(/Sort Key: ob\.next_attempt_at/);
    } finally {
      await c.query('ROLLBACK');
      c.release();
    }
  });
});
