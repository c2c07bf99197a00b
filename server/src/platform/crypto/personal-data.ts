import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * SEC-13: personal data (mobile numbers, names of objectors) encrypted at rest with SM4, behind a
 * swappable provider. Node has no SM4-GCM, so SM4-CBC + HMAC-SM3, encrypt-then-MAC, with separate
 * keys derived (HKDF-SM3) from one 256-bit master key that comes from the environment or a KMS —
 * never from the repository. Stored form: `sm4:v1:<key id>:<iv>:<ciphertext>:<mac>` (base64url); the
 * key id lets old values be read after a key rotation.
 */
export interface PersonalDataCipher {
  readonly keyId: string;
  seal(plain: string): string;
  open(stored: string): string;
}

const PREFIX = 'sm4:v1:';

export class Sm4Cipher implements PersonalDataCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;
  readonly keyId: string;

  constructor(master: Buffer) {
    if (master.length !== 32) throw new Error('the personal-data master key must be 32 bytes (64 hex characters)');
    this.keyId = crypto.createHash('sm3').update(master).digest('hex').slice(0, 8);
    this.encKey = Buffer.from(crypto.hkdfSync('sm3', master, Buffer.alloc(0), 'shsp personal data sm4 cbc', 16));
    this.macKey = Buffer.from(crypto.hkdfSync('sm3', master, Buffer.alloc(0), 'shsp personal data hmac sm3', 32));
  }

  seal(plain: string): string {
    const iv = crypto.randomBytes(16);
    const c = crypto.createCipheriv('sm4-cbc', this.encKey, iv);
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    const mac = crypto.createHmac('sm3', this.macKey).update(iv).update(ct).digest();
    return `${PREFIX}${this.keyId}:${iv.toString('base64url')}:${ct.toString('base64url')}:${mac.toString('base64url')}`;
  }

  open(stored: string): string {
    if (!stored.startsWith(PREFIX)) return stored; // written before encryption was switched on
    const [, ivB, ctB, macB] = stored.slice(PREFIX.length).split(':');
    const iv = Buffer.from(ivB ?? '', 'base64url');
    const ct = Buffer.from(ctB ?? '', 'base64url');
    const mac = crypto.createHmac('sm3', this.macKey).update(iv).update(ct).digest();
    const given = Buffer.from(macB ?? '', 'base64url');
    if (given.length !== mac.length || !crypto.timingSafeEqual(given, mac)) throw new Error('personal data failed its integrity check (HMAC-SM3)');
    const d = crypto.createDecipheriv('sm4-cbc', this.encKey, iv);
    return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
  }
}

/** Every key this process knows (by id), the newest sealing; older ones still open their values. */
const ciphers = new Map<string, PersonalDataCipher>();
let sealing: PersonalDataCipher | undefined;

/** Set at start (buildApp); every repository seals and opens through it. */
export function usePersonalDataCipher(c: PersonalDataCipher): void {
  ciphers.set(c.keyId, c);
  sealing = c;
}

export function sealPersonal(plain: string): string {
  if (!sealing) throw new Error('personal-data cipher not configured');
  return sealing.seal(plain);
}

export function openPersonal(stored: string): string {
  if (!stored.startsWith(PREFIX)) return stored;
  const c = ciphers.get(stored.slice(PREFIX.length).split(':')[0] ?? '');
  if (!c) throw new Error('personal data sealed with a key this node does not have');
  return c.open(stored);
}

/** For lists and exports: 138****5678 (SEC-13). */
export function maskPhone(p: string): string {
  const d = p.replace(/\D/g, '');
  return d.length >= 7 ? `${d.slice(0, 3)}****${d.slice(-4)}` : '****';
}

/**
 * The master key: `DATA_ENCRYPTION_KEY` (64 hex characters) — required in production. Elsewhere a
 * key is generated once into `<DATA_DIR>/personal-data.key` (mode 0600), so development and the
 * demo work out of the box and nodes sharing a DATA_DIR share the key.
 */
export function loadMasterKey(opts: { env: string; key?: string; dataDir: string }): Buffer {
  if (opts.key) {
    if (!/^[0-9a-fA-F]{64}$/.test(opts.key)) throw new Error('DATA_ENCRYPTION_KEY must be 64 hexadecimal characters (256 bits)');
    return Buffer.from(opts.key, 'hex');
  }
  if (opts.env === 'production') throw new Error('DATA_ENCRYPTION_KEY is required in production (personal data is encrypted at rest with SM4)');
  const file = path.join(opts.dataDir, 'personal-data.key');
  try {
    return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  } catch {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    const key = crypto.randomBytes(32);
    try {
      fs.writeFileSync(file, key.toString('hex'), { mode: 0o600, flag: 'wx' });
      return key;
    } catch {
      return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex'); // another node wrote it first
    }
  }
}
