import type { AddressInfo } from 'node:net';
import { inject } from 'vitest';
import { createTestSystem, type TestSystem } from '../../server/src/test-support/harness.js';
import { registerWeb } from '../../server/src/web-static.js';

/** A whole system on real PostgreSQL, listening on a free port with the built web app. */
export async function startServer(opts: { now?: string; env?: Record<string, string> } = {}): Promise<{ sys: TestSystem; baseUrl: string }> {
  const dir = inject('webDir'); // this run's copy of dist/web (e2e/support/build-web.ts)
  const sys = await createTestSystem({ now: opts.now, env: opts.env });
  // the API's own tests run with SERVE_WEB=0 (their route tables are the API's); here the web is added
  // exactly as app.ts adds it in production
  await registerWeb(sys.app, dir);
  await sys.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = sys.app.server.address() as AddressInfo;
  return { sys, baseUrl: `http://127.0.0.1:${port}` };
}

/** Moves the business clock (as an administrator's PUT /system/clock would) and applies what fell due. */
export async function moveClock(sys: TestSystem, iso: string): Promise<void> {
  sys.clock.set(new Date(iso));
  sys.sweeper.invalidate();
  await sys.sweeper.sweep();
}
