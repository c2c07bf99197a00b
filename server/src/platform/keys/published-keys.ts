import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import { z } from 'zod';

/**
 * Rotation: a key that signed receipts or checkpoints stays published after it is replaced, with
 * the time it was in use, so what it signed can still be checked. `PUBLISHED_KEYS_FILE` is a JSON
 * file kept beside the key files (docs/operations.md, Keys):
 *
 * ```json
 * {
 *   "current": { "receiptSigningValidFrom": "2027-01-01T00:00:00+08:00", "logValidFrom": "2027-01-01T00:00:00+08:00" },
 *   "retired": [
 *     { "kind": "receipt-signing", "certificatePem": "-----BEGIN CERTIFICATE-----\n…", "validFrom": "2024-01-01T00:00:00+08:00", "validUntil": "2027-01-01T00:00:00+08:00" },
 *     { "kind": "log", "publicKeyPem": "-----BEGIN PUBLIC KEY-----\n…", "validFrom": "2024-01-01T00:00:00+08:00", "validUntil": "2027-01-01T00:00:00+08:00" }
 *   ]
 * }
 * ```
 * A retired log key may be given as `publicKeyRaw` (base64 of the 32-byte Ed25519 key) instead.
 * `validFrom` of a retired certificate defaults to its notBefore. Everything is optional but
 * `validUntil` of a retired key.
 */
const isoInstant = z.string().datetime({ offset: true });

const fileSchema = z
  .object({
    current: z.object({ receiptSigningValidFrom: isoInstant.optional(), logValidFrom: isoInstant.optional() }).strict().optional(),
    retired: z
      .array(
        z.discriminatedUnion('kind', [
          z
            .object({ kind: z.literal('receipt-signing'), certificatePem: z.string().min(1), validFrom: isoInstant.optional(), validUntil: isoInstant })
            .strict(),
          z
            .object({
              kind: z.literal('log'),
              publicKeyPem: z.string().min(1).optional(),
              publicKeyRaw: z.string().min(1).optional(),
              validFrom: isoInstant,
              validUntil: isoInstant,
            })
            .strict(),
        ]),
      )
      .default([]),
  })
  .strict();

export type PublishedKey =
  | {
      kind: 'receipt-signing';
      certificatePem: string;
      subject: string;
      sha256Fingerprint: string;
      validFrom: string;
      validUntil: string | null;
      current: boolean;
    }
  | { kind: 'log'; publicKeyRaw: string; validFrom: string; validUntil: string | null; current: boolean };

export interface PublishedKeysFile {
  current: { receiptSigningValidFrom?: string; logValidFrom?: string };
  retired: PublishedKey[];
}

const iso = (s: string) => new Date(s).toISOString();

export function certificateEntry(cert: crypto.X509Certificate, validFrom: string, validUntil: string | null, current: boolean): PublishedKey {
  return {
    kind: 'receipt-signing',
    certificatePem: cert.toString(),
    subject: cert.subject.split('\n').join(', '),
    sha256Fingerprint: cert.fingerprint256,
    validFrom,
    validUntil,
    current,
  };
}

/** base64 of the 32-byte Ed25519 public key (the last 32 bytes of its SPKI). */
export function ed25519Raw(publicKey: crypto.KeyObject): string {
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error('the log key must be Ed25519');
  return publicKey.export({ type: 'spki', format: 'der' }).subarray(-32).toString('base64');
}

export async function readPublishedKeysFile(file: string): Promise<PublishedKeysFile> {
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`PUBLISHED_KEYS_FILE（${file}）无法读取或不是 JSON (cannot be read as JSON): ${(err as Error).message}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `PUBLISHED_KEYS_FILE（${file}）格式有误 (is not in the expected format):\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  }
  const retired: PublishedKey[] = parsed.data.retired.map((r, i) => {
    if (iso(r.validUntil) < (r.validFrom ? iso(r.validFrom) : '')) throw new Error(`PUBLISHED_KEYS_FILE: retired[${i}] validUntil is before validFrom`);
    if (r.kind === 'receipt-signing') {
      let cert: crypto.X509Certificate;
      try {
        cert = new crypto.X509Certificate(r.certificatePem);
      } catch (err) {
        throw new Error(`PUBLISHED_KEYS_FILE: retired[${i}].certificatePem is not a certificate: ${(err as Error).message}`);
      }
      return certificateEntry(cert, iso(r.validFrom ?? cert.validFrom), iso(r.validUntil), false);
    }
    if (!r.publicKeyPem === !r.publicKeyRaw) throw new Error(`PUBLISHED_KEYS_FILE: retired[${i}] (log) needs exactly one of publicKeyPem, publicKeyRaw`);
    let raw32: string;
    try {
      raw32 = r.publicKeyPem ? ed25519Raw(crypto.createPublicKey(r.publicKeyPem)) : r.publicKeyRaw!;
    } catch (err) {
      throw new Error(`PUBLISHED_KEYS_FILE: retired[${i}].publicKeyPem is not an Ed25519 public key: ${(err as Error).message}`);
    }
    if (Buffer.from(raw32, 'base64').length !== 32) throw new Error(`PUBLISHED_KEYS_FILE: retired[${i}].publicKeyRaw must be base64 of 32 bytes`);
    return { kind: 'log', publicKeyRaw: raw32, validFrom: iso(r.validFrom), validUntil: iso(r.validUntil), current: false };
  });
  const c = parsed.data.current ?? {};
  return {
    current: {
      ...(c.receiptSigningValidFrom ? { receiptSigningValidFrom: iso(c.receiptSigningValidFrom) } : {}),
      ...(c.logValidFrom ? { logValidFrom: iso(c.logValidFrom) } : {}),
    },
    retired,
  };
}
