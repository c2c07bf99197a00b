import { loadConfig } from './platform/config.js';
import { startSystem } from './bootstrap/system.js';
import { seedDemo } from './bootstrap/demo.js';
import { pruneAudit } from './platform/audit/audit.js';

/** `npm start`: one node of the system, honouring the environment of api-v1.md. */
async function main(): Promise<void> {
  const t0 = performance.now();
  const config = loadConfig();
  const system = await startSystem(config, { logger: { level: config.logLevel } });
  if (config.demoData) await seedDemo(system, (m) => console.log(m));
  await system.app.listen({ port: config.port, host: config.host });
  system.sweeper.start(config.sweepIntervalMs);
  await system.sweeper.sweep();
  // notifications: reminders and the email/SMS outbox, delivered after commit on every node
  system.notifier.start(config.notifyIntervalMs);
  // SEC-11 retention: daily, never younger than 180 days; safe on every node (advisory lock)
  const retention = setInterval(
    () =>
      void pruneAudit(system.database.db, config.auditRetentionDays, new Date(), system.clock.now()).catch((err) =>
        system.app.log.error({ err }, 'audit retention failed'),
      ),
    86_400_000,
  );
  retention.unref();
  const addr = system.app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  console.log(
    `\n社会培训评价组织征集遴选系统已启动：http://${host}:${port}  (API: /api/v1, OpenAPI: /api/v1/openapi.json) — ${Math.round(performance.now() - t0)} ms`,
  );
  if (system.clock.simulated) console.log(`模拟时间（APP_CLOCK）：${system.clock.now().toISOString()}`);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    system.app.log.info(`${signal}: shutting down`);
    await system.close().catch((err) => console.error(err));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error('启动失败 (failed to start):', err instanceof Error ? err.message : err);
  process.exit(1);
});
