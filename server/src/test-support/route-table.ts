import diagnostics from 'node:diagnostics_channel';
import type { FastifyInstance, RouteOptions } from 'fastify';

/**
 * The live route table of every Fastify instance built while `build` runs: Fastify publishes each
 * new instance on the `fastify.initialization` channel before any route is registered, so an
 * `onRoute` hook added there sees them all (with their config and schemas), without a change to
 * the source.
 */
export async function withRouteTable<T>(build: () => Promise<T>): Promise<{ built: T; routes: RouteOptions[] }> {
  const routes: RouteOptions[] = [];
  const capture = (message: unknown) => {
    const { fastify } = message as { fastify: FastifyInstance };
    fastify.addHook('onRoute', (r) => void routes.push(r));
  };
  diagnostics.subscribe('fastify.initialization', capture);
  try {
    return { built: await build(), routes };
  } finally {
    diagnostics.unsubscribe('fastify.initialization', capture);
  }
}
