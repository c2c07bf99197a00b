import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { consistencyProofSchema, consistencyQuery, publicKeysSchema } from '../../../../contract/trust.js';
import type { ServiceContext } from '../../platform/context.js';
import { TrustService } from './trust.service.js';

/**
 * The register's public keys and its transparency log, for anyone: the checkpoint (a C2SP signed
 * note), the verifier key, consistency proofs between sizes (RFC 9162 §2.1.4), and the certificates
 * that sign receipts. Checkable with standard tools — nothing here asks the reader to trust us.
 */
export const trustRoutes: FastifyPluginAsyncZod<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const service = new TrustService(ctx);
  const text = z.string();

  app.get(
    '/public/keys',
    {
      config: { auth: 'public' },
      schema: { tags: ['public'], summary: '公开密钥：回执签章证书与透明日志验证公钥（含已轮换的旧密钥及其有效期）', response: { 200: publicKeysSchema } },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return service.keys();
    },
  );

  app.get(
    '/public/log/checkpoint',
    {
      config: { auth: 'public' },
      schema: { tags: ['public'], summary: '透明日志最新检查点（C2SP tlog-checkpoint 签名文本）', produces: ['text/plain'], response: { 200: text } },
    },
    async (_req, reply) => {
      const note = await service.checkpoint();
      // always current: a cache must ask again (a stale checkpoint is still valid, just older)
      return reply.header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-cache').send(note);
    },
  );

  app.get(
    '/public/log/key',
    {
      config: { auth: 'public' },
      schema: { tags: ['public'], summary: '透明日志验证公钥（C2SP signed-note verifier key）', produces: ['text/plain'], response: { 200: text } },
    },
    async (_req, reply) =>
      reply.header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'public, max-age=3600').send(`${ctx.log.verifierKey}\n`),
  );

  app.get(
    '/public/log/consistency',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['public'],
        summary: '两个日志大小之间的一致性证明（RFC 9162 §2.1.4）',
        querystring: consistencyQuery,
        response: { 200: consistencyProofSchema },
      },
    },
    async (req, reply) => {
      const out = await service.consistency(req.query.first, req.query.second);
      // a proof between two fixed sizes never changes
      reply.header('cache-control', 'public, max-age=86400, immutable');
      return out;
    },
  );
};
