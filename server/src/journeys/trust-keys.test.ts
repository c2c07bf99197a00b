import { execFileSync, spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startSystem } from '../bootstrap/system.js';
import { loadConfig } from '../platform/config.js';
import { DEMO_LOG_FILE, DEMO_SIGNING_FILE } from '../platform/keys/demo-keys.js';
import { loadTrustKeys } from '../platform/keys/trust-keys.js';

/**
 * Keys outside the database (api-v1.md, Trust): production refuses to start without them; PEM and
 * PKCS#12 files made by the openssl CLI load (OpenSSL 3's default PBES2/AES-256 PKCS#12 included);
 * outside production a node makes its own demo keys once, and two nodes racing end with the same.
 */
const root = path.resolve(import.meta.dirname, '../../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shsp-keys-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const dir = (name: string) => fs.mkdtempSync(path.join(tmp, `${name}-`));
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });

/** A key pair and self-signed certificate made by `openssl req -x509`. */
function opensslCertificate(d: string, name: string, extra: string[] = []): { key: string; cert: string } {
  const key = path.join(d, `${name}.key.pem`);
  const cert = path.join(d, `${name}.cert.pem`);
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '365',
    '-utf8',
    '-subj',
    `/C=CN/O=上海市职业技能鉴定中心/CN=${name}`,
    ...extra,
  );
  return { key, cert };
}

function ed25519Key(d: string): string {
  const file = path.join(d, 'log.pem');
  openssl('genpkey', '-algorithm', 'ed25519', '-out', file);
  return file;
}

describe('trust keys', () => {
  it('production without key files: the start is refused, naming the variables, before any database starts', async () => {
    const dataDir = dir('prod');
    const config = loadConfig({ NODE_ENV: 'production', DATA_ENCRYPTION_KEY: 'ab'.repeat(32), DATA_DIR: dataDir });
    await expect(startSystem(config, { log: () => {} })).rejects.toThrow(
      /生产环境必须提供密钥文件：SIGNING_KEY_FILE、LOG_KEY_FILE 未设置[\s\S]*SIGNING_KEY_FILE and LOG_KEY_FILE must be set when NODE_ENV=production/,
    );
    expect(fs.readdirSync(dataDir)).toEqual([]); // no embedded PostgreSQL, no demo keys
    const onlyLog = loadConfig({
      NODE_ENV: 'production',
      DATA_ENCRYPTION_KEY: 'ab'.repeat(32),
      DATA_DIR: dataDir,
      SIGNING_KEY_FILE: path.join(dataDir, 'x.p12'),
    });
    await expect(startSystem(onlyLog, { log: () => {} })).rejects.toThrow(/LOG_KEY_FILE 未设置/);
  });

  it('npm start in production without keys exits with the reason', async () => {
    const env: Record<string, string | undefined> = {
      ...process.env,
      NODE_ENV: 'production',
      DATA_ENCRYPTION_KEY: 'ab'.repeat(32),
      DATA_DIR: dir('main'),
      PORT: '0',
    };
    delete env.SIGNING_KEY_FILE;
    delete env.LOG_KEY_FILE;
    delete env.APP_CLOCK;
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/main.ts')], { cwd: root, env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(out).toContain('启动失败');
    expect(out).toContain('SIGNING_KEY_FILE');
    expect(out).toContain('docs/operations.md');
  }, 30_000);

  it('loads a PEM (key + certificate, as openssl writes them) and an encrypted PEM with its passphrase', async () => {
    const d = dir('pem');
    const { key, cert } = opensslCertificate(d, '市职鉴中心文档签章');
    const pem = path.join(d, 'signing.pem');
    fs.writeFileSync(pem, fs.readFileSync(cert, 'utf8') + fs.readFileSync(key, 'utf8')); // certificate first: order does not matter
    const logKeyFile = ed25519Key(d);
    const keys = await loadTrustKeys({ env: 'production', dataDir: d, signingKeyFile: pem, logKeyFile });
    expect(keys.signing.demo).toBe(false);
    expect(keys.log.demo).toBe(false);
    expect(keys.signing.certificate.subject).toContain('CN=市职鉴中心文档签章');
    expect(keys.signing.certificate.checkPrivateKey(keys.signing.privateKey)).toBe(true);
    expect(keys.log.publicKey.asymmetricKeyType).toBe('ed25519');
    expect(keys.published.map((k) => [k.kind, k.current, k.validUntil])).toEqual([
      ['receipt-signing', true, null],
      ['log', true, null],
    ]);
    const log = keys.published[1]!;
    expect(log.kind === 'log' && Buffer.from(log.publicKeyRaw, 'base64').length).toBe(32);

    const encrypted = path.join(d, 'encrypted.pem');
    openssl('pkey', '-in', key, '-aes256', '-passout', 'pass:Shanghai#2024', '-out', encrypted);
    fs.appendFileSync(encrypted, fs.readFileSync(cert, 'utf8'));
    const again = await loadTrustKeys({ env: 'production', dataDir: d, signingKeyFile: encrypted, signingKeyPassphrase: 'Shanghai#2024', logKeyFile });
    expect(again.signing.certificate.fingerprint256).toBe(keys.signing.certificate.fingerprint256);
    await expect(loadTrustKeys({ env: 'production', dataDir: d, signingKeyFile: encrypted, logKeyFile })).rejects.toThrow(/SIGNING_KEY_PASSPHRASE/);
  });

  it('loads a PKCS#12 made by openssl pkcs12 -export (OpenSSL 3 defaults: PBES2, AES-256, HMAC-SHA-256) with its chain, leaf first', async () => {
    const d = dir('p12');
    // a CA and a signing certificate it issued
    const ca = opensslCertificate(d, '测试根证书', ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']);
    const leafKey = path.join(d, 'leaf.key.pem');
    const csr = path.join(d, 'leaf.csr');
    const leafCert = path.join(d, 'leaf.cert.pem');
    openssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', leafKey, '-out', csr, '-utf8', '-subj', '/C=CN/O=上海市职业技能鉴定中心/CN=文档签章');
    openssl('x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-out', leafCert, '-days', '30');
    const p12 = path.join(d, 'signing.p12');
    openssl('pkcs12', '-export', '-inkey', leafKey, '-in', leafCert, '-certfile', ca.cert, '-out', p12, '-passout', 'pass:p12-Secret');
    const info = spawnSync('openssl', ['pkcs12', '-in', p12, '-info', '-noout', '-passin', 'pass:p12-Secret'], { encoding: 'utf8' });
    expect(`${info.stdout}${info.stderr}`).toMatch(/Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC/); // OpenSSL 3's default
    const logKeyFile = ed25519Key(d);
    const keys = await loadTrustKeys({ env: 'production', dataDir: d, signingKeyFile: p12, signingKeyPassphrase: 'p12-Secret', logKeyFile });
    expect(keys.signing.chain.map((c) => c.subject.split('\n').at(-1))).toEqual(['CN=文档签章', 'CN=测试根证书']);
    expect(keys.signing.certificate.checkPrivateKey(keys.signing.privateKey)).toBe(true);
    await expect(loadTrustKeys({ env: 'production', dataDir: d, signingKeyFile: p12, signingKeyPassphrase: 'wrong', logKeyFile })).rejects.toThrow(/口令不对/);
  });

  it('refuses a certificate that does not match the key, an expired certificate, and a log key that is not Ed25519', async () => {
    const d = dir('bad');
    const a = opensslCertificate(d, 'A');
    const b = opensslCertificate(d, 'B');
    const logKeyFile = ed25519Key(d);
    const mismatched = path.join(d, 'mismatch.pem');
    fs.writeFileSync(mismatched, fs.readFileSync(a.key, 'utf8') + fs.readFileSync(b.cert, 'utf8'));
    await expect(loadTrustKeys({ env: 'production', dataDir: d, signingKeyFile: mismatched, logKeyFile })).rejects.toThrow(/证书与私钥不匹配/);
    const good = path.join(d, 'a.pem');
    fs.writeFileSync(good, fs.readFileSync(a.key, 'utf8') + fs.readFileSync(a.cert, 'utf8'));
    await expect(
      loadTrustKeys({ env: 'production', dataDir: d, signingKeyFile: good, logKeyFile, now: new Date(Date.now() + 400 * 86_400_000) }),
    ).rejects.toThrow(/签章证书已于 .* 过期[\s\S]*expired on/);
    await expect(loadTrustKeys({ env: 'production', dataDir: d, signingKeyFile: good, logKeyFile: a.key })).rejects.toThrow(/LOG_KEY_FILE.*Ed25519/);
    await expect(loadTrustKeys({ env: 'production', dataDir: d, signingKeyFile: path.join(d, 'none.p12'), logKeyFile })).rejects.toThrow(
      /SIGNING_KEY_FILE.*无法读取.*ENOENT/,
    );
  });

  it('outside production: demo keys made once under DATA_DIR/keys (0700/0600); two nodes racing end with the same keys', async () => {
    const dataDir = dir('demo');
    const [x, y] = await Promise.all([loadTrustKeys({ env: 'development', dataDir }), loadTrustKeys({ env: 'development', dataDir })]);
    expect(x.signing.certificate.fingerprint256).toBe(y.signing.certificate.fingerprint256);
    expect(x.log.publicKey.export({ format: 'der', type: 'spki' }).equals(y.log.publicKey.export({ format: 'der', type: 'spki' }))).toBe(true);
    expect(x.signing.demo && x.log.demo).toBe(true);
    const keysDir = path.join(dataDir, 'keys');
    expect(fs.statSync(keysDir).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(keysDir).sort()).toEqual([DEMO_LOG_FILE, DEMO_SIGNING_FILE].sort()); // no temporary files left
    for (const f of fs.readdirSync(keysDir)) expect(fs.statSync(path.join(keysDir, f)).mode & 0o777).toBe(0o600);
    const cert = x.signing.certificate;
    expect(cert.subject).toBe('C=CN\nO=上海市职业技能鉴定中心（演示，非正式签章）\nCN=上海市职业技能鉴定中心（演示）');
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(x.signing.privateKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    const text = execFileSync('openssl', ['x509', '-noout', '-text'], { input: cert.toString(), encoding: 'utf8' });
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(new Date(cert.validTo).getTime()).toBeGreaterThan(Date.now() + 9 * 365 * 86_400_000);
    // a restart reads the same files
    const z = await loadTrustKeys({ env: 'test', dataDir });
    expect(z.signing.certificate.fingerprint256).toBe(cert.fingerprint256);
  });

  it('rotation: retired certificates and log keys stay published with their validity (PUBLISHED_KEYS_FILE)', async () => {
    const d = dir('rot');
    const files = inject('trustKeyFiles');
    const old = opensslCertificate(d, '旧签章证书');
    const oldLog = crypto.generateKeyPairSync('ed25519').publicKey;
    const publishedKeysFile = path.join(d, 'published-keys.json');
    fs.writeFileSync(
      publishedKeysFile,
      JSON.stringify({
        retired: [
          { kind: 'receipt-signing', certificatePem: fs.readFileSync(old.cert, 'utf8'), validUntil: '2025-01-01T00:00:00+08:00' },
          {
            kind: 'log',
            publicKeyPem: oldLog.export({ type: 'spki', format: 'pem' }),
            validFrom: '2024-01-01T00:00:00+08:00',
            validUntil: '2025-01-01T00:00:00+08:00',
          },
        ],
      }),
    );
    const keys = await loadTrustKeys({ env: 'test', dataDir: d, ...files, publishedKeysFile });
    expect(keys.published.map((k) => [k.kind, k.current, k.validFrom, k.validUntil])).toEqual([
      ['receipt-signing', true, '2024-12-31T16:00:00.000Z', null], // took over when the old one retired
      ['log', true, '2024-12-31T16:00:00.000Z', null],
      ['receipt-signing', false, new Date(new crypto.X509Certificate(fs.readFileSync(old.cert)).validFrom).toISOString(), '2024-12-31T16:00:00.000Z'],
      ['log', false, '2023-12-31T16:00:00.000Z', '2024-12-31T16:00:00.000Z'],
    ]);
    const retiredCert = keys.published[2]!;
    expect(retiredCert.kind === 'receipt-signing' && retiredCert.subject).toBe('C=CN, O=上海市职业技能鉴定中心, CN=旧签章证书');
    const retiredLog = keys.published[3]!;
    expect(retiredLog.kind === 'log' && retiredLog.publicKeyRaw).toBe(oldLog.export({ type: 'spki', format: 'der' }).subarray(-32).toString('base64'));
    fs.writeFileSync(
      publishedKeysFile,
      JSON.stringify({ retired: [{ kind: 'log', publicKeyRaw: 'AAAA', validFrom: '2024-01-01T00:00:00Z', validUntil: '2025-01-01T00:00:00Z' }] }),
    );
    await expect(loadTrustKeys({ env: 'test', dataDir: d, ...files, publishedKeysFile })).rejects.toThrow(/32 bytes/);
  });
});
