import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's headers for `options`, worked out once. `@fastify/helmet` built Helmet's middleware
 * again on every request (parsing the Content-Security-Policy's directives each time: 15 % of a
 * `/health` request's CPU in a profile, 9 % of a directory answer's); the headers do not depend on
 * the request, so they are computed here once and set as they are.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader() {}, // X-Powered-By: nothing here sets it
  };
  // an option Helmet refuses throws here, as the node starts
  helmet(options)({} as never, res as never, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error(`helmet: ${JSON.stringify(err)}`);
  });
  return headers;
}

/**
 * Every answer (API, web, 404) carries the security headers (and `extra`), from the first hook on.
 * The options hold no function of the request (a CSP nonce would need Helmet per request).
 */
export function registerSecurityHeaders(app: FastifyInstance, { extra, ...options }: HelmetOptions & { extra?: Record<string, string> }): void {
  const headers = { ...securityHeaders(options), ...extra };
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
}
