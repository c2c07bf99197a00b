import type { z } from 'zod';
import type { publicKeysSchema } from '../../../../contract/trust.js';
import type { ServiceContext } from '../../platform/context.js';
import { publicKeyFromRaw, verifierKey } from '../../platform/log/note.js';
import { refuse } from '../../workflow/refusal.js';

export class TrustService {
  constructor(private readonly ctx: ServiceContext) {}

  keys(): z.infer<typeof publicKeysSchema> {
    const origin = this.ctx.log.origin;
    const published = this.ctx.keys.published;
    return {
      receiptSigning: published.flatMap((k) =>
        k.kind === 'receipt-signing'
          ? [
              {
                certificatePem: k.certificatePem,
                subject: k.subject,
                sha256Fingerprint: k.sha256Fingerprint,
                validFrom: k.validFrom,
                validUntil: k.validUntil,
                current: k.current,
              },
            ]
          : [],
      ),
      log: published.flatMap((k) =>
        k.kind === 'log'
          ? [
              {
                origin,
                verifierKey: verifierKey(origin, publicKeyFromRaw(Buffer.from(k.publicKeyRaw, 'base64'))),
                validFrom: k.validFrom,
                validUntil: k.validUntil,
                current: k.current,
              },
            ]
          : [],
      ),
    };
  }

  /** The latest checkpoint; a log that has no leaf yet integrates first (the first request of a new system). */
  async checkpoint(): Promise<string> {
    let cp = await this.ctx.log.checkpoint();
    if (!cp) {
      await this.ctx.log.integrate();
      cp = await this.ctx.log.checkpoint();
    }
    if (!cp) refuse('NOT_FOUND', '透明日志尚无记录，还没有检查点。');
    return cp.note;
  }

  async consistency(first: number, second: number) {
    const cp = await this.ctx.log.checkpoint();
    const size = cp?.size ?? 0;
    if (first > second) refuse('VALIDATION_FAILED', `first（${first}）不能大于 second（${second}）。`);
    if (second > size) refuse('VALIDATION_FAILED', `second（${second}）不能大于最新检查点的大小（${size}），请先取最新检查点。`);
    const proof = await this.ctx.log.consistencyProof(first, second);
    return { first, second, proof: proof.map((h) => h.toString('base64')) };
  }
}
