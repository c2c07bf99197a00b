import Fastify, { type FastifyInstance } from 'fastify';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import crypto from 'node:crypto';
import path from 'node:path';
import { SessionStore } from './platform/auth/sessions.js';
import type { BaseContext, ServiceContext } from './platform/context.js';
import { onAuditWritten } from './platform/audit/audit.js';
import { filingEventsWritten } from './platform/log/leaves.js';
import { TransparencyLog } from './platform/log/transparency-log.js';
import { FilingVerification } from './modules/filings/verification.service.js';
import { trustRoutes } from './modules/trust/trust.routes.js';
import { registerAuthHooks } from './platform/http/auth-hooks.js';
import { registerErrorHandling } from './platform/http/problem.js';
import { registerSecurityHeaders } from './platform/http/security-headers.js';
import { openapiOptions } from './platform/http/openapi.js';
import { accountsRoutes } from './modules/accounts/accounts.routes.js';
import { passwordResetRoutes } from './modules/accounts/password-reset.routes.js';
import { PasswordResetService } from './modules/accounts/password-reset.service.js';
import { AccountsService } from './modules/accounts/accounts.service.js';
import { applicationsRoutes } from './modules/applications/applications.routes.js';
import { workCountsRoutes } from './modules/applications/work-counts.routes.js';
import { WorkCountsService } from './modules/applications/work-counts.service.js';
import { ApplicationsService } from './modules/applications/applications.service.js';
import { ApplicationCommands } from './modules/applications/applications.commands.js';
import { calendarRoutes } from './modules/calendar/calendar.routes.js';
import { authoritiesRoutes } from './modules/authorities/authorities.routes.js';
import { AuthoritiesService } from './modules/authorities/authorities.service.js';
import { CalendarService } from './modules/calendar/calendar.service.js';
import { campaignsRoutes } from './modules/campaigns/campaigns.routes.js';
import { CampaignsService } from './modules/campaigns/campaigns.service.js';
import { materialsRoutes } from './modules/materials/materials.routes.js';
import { MaterialsService } from './modules/materials/materials.service.js';
import { blobsRoutes } from './modules/materials/blobs.routes.js';
import { BlobIntegrityService } from './modules/materials/blob-integrity.service.js';
import { BlobJanitor } from './platform/blob/blob-janitor.js';
import { publicityRoutes } from './modules/publicity/publicity.routes.js';
import { PublicityService } from './modules/publicity/publicity.service.js';
import { filingsRoutes } from './modules/filings/filings.routes.js';
import { FilingsService } from './modules/filings/filings.service.js';
import { registryRoutes } from './modules/registry/registry.routes.js';
import { RegistryService } from './modules/registry/registry.service.js';
import { PgListener } from './platform/db/listener.js';
import { afterReplayed, primaryReads } from './platform/db/replica.js';
import { registerMetrics } from './platform/http/metrics.js';
import { systemRoutes } from './modules/system/system.routes.js';
import { Sweeper } from './modules/deadlines/sweeper.js';
import { documentsRoutes, baseUrlOf } from './modules/documents/documents.routes.js';
import { DocumentsService, verifyUrl } from './modules/documents/documents.service.js';
import { reportsRoutes } from './modules/reports/reports.routes.js';
import { ReportsService } from './modules/reports/reports.service.js';
import { NationalBatchesService } from './modules/reports/national-batches.service.js';
import { statisticsRoutes } from './modules/statistics/statistics.routes.js';
import { StatisticsService } from './modules/statistics/statistics.service.js';
import { notificationsRoutes } from './modules/notifications/notifications.routes.js';
import { NotificationsService } from './modules/notifications/notifications.service.js';
import { NotificationWorker } from './modules/notifications/delivery.service.js';
import { LoggingSmsSender, smtpSender } from './modules/notifications/channels.js';
import { refuse } from './workflow/refusal.js';
import { Sm4Cipher, loadMasterKey, usePersonalDataCipher } from './platform/crypto/personal-data.js';
import { registerWeb } from './web-static.js';

/** No page of ours uses these browser features; an injected script may not either. */
const PERMISSIONS_POLICY = 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()';
const COMPRESSIBLE = /^text\/(?!event-stream)|(?:\+|\/)json(?:;|$)|(?:\+|\/)xml(?:;|$)/u;

export interface BuiltApp {
  app: FastifyInstance;
  /** the context the services got: the caller's, plus the transparency log */
  ctx: ServiceContext;
  /** the transparency log; `startSystem` runs its periodic integration */
  log: TransparencyLog;
  sweeper: Sweeper;
  /** removes stray blobs (interrupted uploads); `startSystem` runs it at start and periodically */
  blobJanitor: BlobJanitor;
  /** delivers notifications (email, SMS) and sends reminders; `main` starts it like the sweeper */
  notifier: NotificationWorker;
  services: {
    accounts: AccountsService;
    applications: ApplicationsService;
    commands: ApplicationCommands;
    publicity: PublicityService;
    filings: FilingsService;
    registry: RegistryService;
    materials: MaterialsService;
  };
}

/** Builds the whole HTTP application over its dependencies; `listen` is the caller's business (fastify/demo). */
export async function buildApp(base: BaseContext, opts: { logger?: boolean | object } = {}): Promise<BuiltApp> {
  const { config } = base;
  // SEC-13: personal data is sealed with SM4 under a key from the environment (or DATA_DIR outside production)
  usePersonalDataCipher(new Sm4Cipher(loadMasterKey({ env: config.env, key: config.dataEncryptionKey, dataDir: config.dataDir })));
  const app = Fastify({
    logger: opts.logger ?? false,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    ajv: undefined,
  }).withTypeProvider<ZodTypeProvider>();
  // the transparency log (docs/decisions/0013): records are sequenced right after their commit
  const log = new TransparencyLog(base.db, {
    privateKey: base.keys.log.privateKey,
    origin: config.keys.logOrigin,
    witnessFile: path.join(config.dataDir, 'log', 'checkpoint'),
    onError: (err) => app.log.error({ err }, 'transparency log'),
  });
  const ctx: ServiceContext = { ...base, reads: base.reads ?? primaryReads(base.db), log };
  const stopListening = onAuditWritten(() => log.markDirty());
  app.addHook('onClose', async () => {
    stopListening();
    log.stop();
    // a node on its way down sequences what it wrote (its records are sealed with its key — see
    // operations.md, rotating the log key)
    await log.integrate().catch((err) => app.log.error({ err }, 'transparency log: final integration failed'));
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  // Strict JSON: a body with __proto__ or constructor keys is refused outright (SEC-16).
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    if (text.length === 0) return done(null, undefined);
    try {
      done(
        null,
        JSON.parse(text, (k, v: unknown) => {
          if (k === '__proto__' || k === 'constructor' || k === 'prototype') throw new SyntaxError('forbidden key');
          // PostgreSQL text cannot hold NUL; such input is malformed, not a server error
          if (typeof v === 'string' && v.includes('\u0000')) throw new SyntaxError('NUL character');
          return v;
        }),
      );
    } catch {
      const err = new SyntaxError('invalid json') as SyntaxError & { statusCode: number; code: string };
      err.statusCode = 400;
      err.code = 'FST_ERR_CTP_INVALID_JSON_BODY';
      done(err, undefined);
    }
  });

  // Helmet's headers, computed once (platform/http/security-headers.ts), on every answer
  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    hsts: config.env === 'production' ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // the same as frame-ancestors 'none', for browsers that read only the older header
    xFrameOptions: { action: 'deny' },
    extra: { 'permissions-policy': PERMISSIONS_POLICY },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  // past the size limit busboy keeps reading and discards the rest, so every client sees the 413
  await app.register(multipart, { throwFileSizeLimit: false, limits: { fileSize: config.maxUploadBytes, files: 1, fields: 10, fieldSize: 1024, parts: 12 } });
  // the OpenAPI document: operationIds, security, problem+json answers, downloads (platform/http/openapi.ts)
  await app.register(swagger, openapiOptions());

  const cookieName = config.env === 'production' ? '__Host-sid' : 'sid';
  const sessions = new SessionStore(ctx.db);
  registerAuthHooks(app, { sessions, cookieName, mfaRequiredRoles: config.mfaRequiredRoles });

  // NUL in the URL (e.g. ?q=%00) is refused before anything reads it.
  app.addHook('onRequest', async (req) => {
    // eslint-disable-next-line no-control-regex -- a NUL byte in the URL is exactly what this refuses
    if (/%00|\u0000/i.test(req.url)) {
      refuse('VALIDATION_FAILED', '请求地址含有不允许的空字符（%00），请删除后重试。');
    }
  });

  // A request that wrote a filing event answers only once the log has signed a checkpoint over it
  // (api-v1: "after every filing event before its request answers"); any other write only nudges.
  app.addHook('onRequest', async (req) => {
    req.filingEventsSeen = filingEventsWritten();
  });
  app.addHook('onSend', async (req) => {
    if (filingEventsWritten() !== req.filingEventsSeen) await log.integrate();
  });
  app.addHook('onResponse', async () => log.nudge());

  // Personal or state-changing API answers are never cached (SEC-17); public reads may be.
  app.addHook('onSend', async (req, reply) => {
    if ((req.actor || req.method !== 'GET') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  const accounts = new AccountsService(ctx, sessions);
  const resetMailer = config.mail ? smtpSender(config.mail) : undefined;
  const resets = new PasswordResetService(ctx, sessions, resetMailer, { warn: (m) => app.log.warn(m) });
  app.addHook('onClose', async () => resetMailer?.close());
  const applications = new ApplicationsService(ctx);
  const commands = new ApplicationCommands(ctx, applications);
  const filings = new FilingsService(ctx);
  const publicity = new PublicityService(ctx, filings);
  const materials = new MaterialsService(ctx, applications);
  const blobJanitor = new BlobJanitor(ctx.db, ctx.blobs, config.blobGraceMs, ctx.clock, (msg, err) => (err ? app.log.error({ err }, msg) : app.log.info(msg)));
  const blobIntegrity = new BlobIntegrityService(ctx, blobJanitor);
  const campaigns = new CampaignsService(ctx.db, ctx.clock);
  const sweeper = new Sweeper(ctx, applications, publicity, filings);
  const documents = new DocumentsService(ctx, applications, filings);
  const reports = new ReportsService(ctx);
  const notifications = new NotificationsService(ctx);
  const notifier = new NotificationWorker(
    ctx,
    {
      email: config.mail ? smtpSender(config.mail) : undefined,
      sms: config.smsDriver === 'log' ? new LoggingSmsSender((line) => app.log.info(line)) : undefined,
    },
    { info: (m) => app.log.info(m), warn: (m) => app.log.warn(m) },
  );
  app.addHook('onClose', async () => notifier.stop());
  sweeper.onError = (err, d) => app.log.error({ err, deadline: d }, 'deadline could not be applied; will retry');
  // The public directory is served from memory; every node drops it when the database announces a change.
  // It is read from the replica (decision 0019): the primary announces a change before the replica has
  // it, so the copy is dropped once the replica has replayed the primary's position of the announcement.
  const registry = new RegistryService(ctx.reads.db);
  const registryChanged = afterReplayed(ctx.reads, () => registry.markStale());
  const metrics = registerMetrics(app, { pool: ctx.pool, token: config.metricsToken, production: config.env === 'production' });
  sweeper.onApplied = (n) => {
    registryChanged();
    metrics.deadlinesApplied.inc(n);
  };
  if (ctx.dbUrl) {
    registry.listener = new PgListener(ctx.dbUrl, ['registry_changed'], registryChanged);
    await registry.listener.start();
    app.addHook('onClose', async () => registry.listener?.stop());
  }
  // loaded as the node starts, not on its first directory request (100,000 filings take a second or two)
  void registry.current().catch((err: unknown) => app.log.warn({ err }, 'directory not loaded at start; the first request loads it'));

  // Every deadline that has passed is applied before a request sees the data (read = sweep) — before
  // the route's scope check too, which reads the case its handler then decides on (0020).
  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.config.auth && !req.routeOptions.url?.endsWith('/health')) await sweeper.ensureCurrent();
  });

  await app.register(
    async (api) => {
      // the API's answers above 1 KiB (JSON, CSV), brotli (quality 4) or gzip as the client accepts; PDF,
      // images, xlsx and octet-stream downloads are sent as they are. The web's files come precompressed
      // from its build (web-static.ts), so nothing static is compressed per request.
      await api.register(compress, { threshold: 1024, encodings: ['br', 'gzip'], globalDecompression: false, customTypes: COMPRESSIBLE });
      await api.register(accountsRoutes, { accounts, sessions, cookieName, secureCookies: config.env === 'production', rate: config.rate });
      await api.register(passwordResetRoutes, { resets, rate: config.rate });
      await api.register(campaignsRoutes, { service: campaigns });
      await api.register(calendarRoutes, { service: new CalendarService(ctx) });
      await api.register(authoritiesRoutes, { service: new AuthoritiesService(ctx) });
      await api.register(applicationsRoutes, { service: applications, commands });
      await api.register(materialsRoutes, { service: materials, applications, hardCapBytes: config.maxUploadBytes * 2 + 1024 * 1024 });
      await api.register(blobsRoutes, { service: blobIntegrity });
      await api.register(publicityRoutes, { service: publicity, objectionPerMin: config.rate.objectionPerMin, onDeadlineCreated: () => sweeper.invalidate() });
      await api.register(filingsRoutes, {
        service: filings,
        verification: new FilingVerification(ctx),
        verifyUrl: (receiptNo, req) => verifyUrl(baseUrlOf(req, config.publicBaseUrl), receiptNo),
      });
      await api.register(trustRoutes, { ctx });
      await api.register(documentsRoutes, { service: documents, applications, publicBaseUrl: config.publicBaseUrl });
      await api.register(reportsRoutes, { service: reports, batches: new NationalBatchesService(ctx) });
      await api.register(statisticsRoutes, { service: new StatisticsService(ctx) });
      await api.register(notificationsRoutes, { service: notifications });
      await api.register(workCountsRoutes, { service: new WorkCountsService(ctx, notifications) });
      await api.register(registryRoutes, { registry });
      await api.register(systemRoutes, { ctx, sweeper });
      api.get('/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api/v1' },
  );
  app.get('/health', { config: { auth: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' as const }));
  // the web app (dist/web) on the same port: assets, and index.html for every other GET outside /api
  await registerWeb(app, undefined, { publicBaseUrl: config.publicBaseUrl });

  return { app, ctx, log, sweeper, blobJanitor, notifier, services: { accounts, applications, commands, publicity, filings, registry, materials } };
}
