import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { KeysConfig } from '../config.js';
import { ensureDemoKeyFiles, importAlgorithm } from './demo-keys.js';
import { KeyFileError, readSigningMaterial } from './key-files.js';
import { certificateEntry, ed25519Raw, readPublishedKeysFile, type PublishedKey } from './published-keys.js';

export type { PublishedKey } from './published-keys.js';

/**
 * The keys that make the register checkable by anyone (api-v1.md, "Trust"): the centre's
 * document-signing key and certificate chain (PAdES signatures on 备案回执) and the transparency
 * log's Ed25519 key (signed checkpoints). They live in files named by the environment, never in
 * the database and never in a backup; production refuses to start without them.
 */
export interface TrustKeys {
  signing: { privateKey: crypto.KeyObject; certificate: crypto.X509Certificate; chain: crypto.X509Certificate[] /* leaf first */; demo: boolean };
  log: { privateKey: crypto.KeyObject; publicKey: crypto.KeyObject /* ed25519 */; demo: boolean };
  /** every key ever published, current ones included, for GET /public/keys */
  published: PublishedKey[];
}

export interface LoadTrustKeysOptions extends Partial<KeysConfig> {
  /** NODE_ENV: 'development' | 'production' | 'test' (anything else counts as not production) */
  env: string;
  dataDir: string;
  /** the instant certificates are checked against (real time; default now) */
  now?: Date;
}

/** Where a node without key files keeps the ones it made (outside production only). */
export function demoKeysDir(dataDir: string): string {
  return path.join(dataDir, 'keys');
}

export async function loadTrustKeys(opts: LoadTrustKeysOptions): Promise<TrustKeys> {
  const now = opts.now ?? new Date();
  let signingKeyFile = opts.signingKeyFile;
  let logKeyFile = opts.logKeyFile;
  const missing = [!signingKeyFile && 'SIGNING_KEY_FILE', !logKeyFile && 'LOG_KEY_FILE'].filter((v): v is string => !!v);
  if (missing.length && opts.env === 'production') {
    throw new Error(
      `生产环境必须提供密钥文件：${missing.join('、')} 未设置。` +
        `SIGNING_KEY_FILE 为市职鉴中心的文档签章私钥及证书链（PKCS#12 或 PEM，口令用 SIGNING_KEY_PASSPHRASE），LOG_KEY_FILE 为透明日志的 Ed25519 私钥（PKCS#8 PEM）；制作方法见 docs/operations.md“密钥”一节。\n` +
        `(${missing.join(' and ')} must be set when NODE_ENV=production: SIGNING_KEY_FILE is the centre's document-signing key with its certificate chain (PKCS#12 or PEM; passphrase in SIGNING_KEY_PASSPHRASE), LOG_KEY_FILE the transparency log's Ed25519 private key (PKCS#8 PEM); see docs/operations.md, Keys.)`,
    );
  }
  let demo: { signing: boolean; log: boolean } = { signing: false, log: false };
  if (missing.length) {
    const made = await ensureDemoKeyFiles(demoKeysDir(opts.dataDir));
    demo = { signing: !signingKeyFile, log: !logKeyFile };
    signingKeyFile ??= made.signingKeyFile;
    logKeyFile ??= made.logKeyFile;
  }

  const signing = await loadSigning(signingKeyFile!, opts.signingKeyPassphrase, now);
  const log = await loadLogKey(logKeyFile!);
  const publishedFile = opts.publishedKeysFile ? await readPublishedKeysFile(opts.publishedKeysFile) : { current: {}, retired: [] as PublishedKey[] };
  const lastRetired = (kind: PublishedKey['kind']) =>
    publishedFile.retired
      .filter((k) => k.kind === kind)
      .map((k) => k.validUntil!)
      .sort()
      .at(-1);
  const currentCertFrom =
    publishedFile.current.receiptSigningValidFrom ?? lastRetired('receipt-signing') ?? new Date(signing.certificate.validFrom).toISOString();
  const currentLogFrom = publishedFile.current.logValidFrom ?? lastRetired('log') ?? (await fs.stat(logKeyFile!)).mtime.toISOString();
  const currentLogRaw = ed25519Raw(log.publicKey);
  const published: PublishedKey[] = [
    certificateEntry(signing.certificate, currentCertFrom, null, true),
    { kind: 'log', publicKeyRaw: currentLogRaw, validFrom: currentLogFrom, validUntil: null, current: true },
    // a retired entry that is in fact the current key is listed once, as current
    ...publishedFile.retired
      .filter((k) => (k.kind === 'log' ? k.publicKeyRaw !== currentLogRaw : k.sha256Fingerprint !== signing.certificate.fingerprint256))
      .sort((a, b) => (b.validUntil ?? '').localeCompare(a.validUntil ?? '')),
  ];
  return {
    signing: { ...signing, demo: demo.signing },
    log: { ...log, demo: demo.log },
    published,
  };
}

async function readKeyFile(file: string, variable: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    throw new Error(`${variable}（${file}）无法读取 (cannot be read): ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

async function loadSigning(file: string, passphrase: string | undefined, now: Date): Promise<Omit<TrustKeys['signing'], 'demo'>> {
  const bytes = await readKeyFile(file, 'SIGNING_KEY_FILE');
  let material;
  try {
    material = readSigningMaterial(bytes, { file, passphrase, variable: 'SIGNING_KEY_FILE' });
  } catch (err) {
    if (err instanceof KeyFileError) throw err;
    throw new Error(`SIGNING_KEY_FILE（${file}）无法读取 (cannot be read): ${(err as Error).message}`);
  }
  importAlgorithm(material.privateKey); // RSA or ECDSA, else a clear refusal
  const certificate = material.chain[0]!;
  const notAfter = new Date(certificate.validTo);
  if (notAfter <= now) {
    throw new Error(
      `SIGNING_KEY_FILE（${file}）的签章证书已于 ${notAfter.toISOString()} 过期，请换用有效证书（旧证书可放入 PUBLISHED_KEYS_FILE 继续公布）。` +
        `(the signing certificate "${certificate.subject.split('\n').join(', ')}" expired on ${notAfter.toISOString()}: provide a current one; keep the old one published through PUBLISHED_KEYS_FILE.)`,
    );
  }
  if (new Date(certificate.validFrom) > now) {
    throw new Error(
      `SIGNING_KEY_FILE（${file}）的签章证书自 ${new Date(certificate.validFrom).toISOString()} 起才生效 (the signing certificate is not valid yet).`,
    );
  }
  return { privateKey: material.privateKey, certificate, chain: material.chain };
}

async function loadLogKey(file: string): Promise<Omit<TrustKeys['log'], 'demo'>> {
  const text = (await readKeyFile(file, 'LOG_KEY_FILE')).toString('utf8');
  let privateKey: crypto.KeyObject;
  try {
    privateKey = crypto.createPrivateKey({ key: text, format: 'pem' });
  } catch (err) {
    throw new Error(`LOG_KEY_FILE（${file}）不是可读的 PEM 私钥 (is not a readable PEM private key): ${(err as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(
      `LOG_KEY_FILE（${file}）应为 Ed25519 私钥，实际为 ${privateKey.asymmetricKeyType} (the log key must be Ed25519: openssl genpkey -algorithm ed25519).`,
    );
  }
  return { privateKey, publicKey: crypto.createPublicKey(privateKey) };
}
