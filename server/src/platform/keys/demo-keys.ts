import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * Outside production, a node without key files makes its own once, under `<DATA_DIR>/keys/`
 * (folder 0700, files 0600): a self-signed RSA-3072 certificate whose subject names the centre and
 * says 演示 (so nobody mistakes a demo receipt for a real one), and an Ed25519 key for the log.
 * Each file is written to a temporary name and linked to its final name with exclusive create, so
 * two nodes racing on one DATA_DIR end with the same keys: the loser reads the winner's file.
 */
export const DEMO_SIGNING_FILE = 'receipt-signing.demo.pem';
export const DEMO_LOG_FILE = 'log-ed25519.demo.pem';

export const DEMO_SUBJECT = [
  { type: '2.5.4.6', value: 'CN', printable: true }, // C
  { type: '2.5.4.10', value: '上海市职业技能鉴定中心（演示，非正式签章）' }, // O
  { type: '2.5.4.3', value: '上海市职业技能鉴定中心（演示）' }, // CN
] as const;

/**
 * notBefore is fixed in the past so that the demo's simulated business time (it starts in 2024)
 * falls inside the certificate's validity — a reader checks the certificate at the signing time.
 */
const DEMO_NOT_BEFORE = new Date('2020-01-01T00:00:00Z');
const DEMO_YEARS = 10;

const generateKeyPair = promisify(crypto.generateKeyPair);

export function webcryptoEngine(): pkijs.CryptoEngine {
  return new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: crypto.webcrypto as unknown as Crypto });
}

/** The demo key files in `dir`, made if missing. */
export async function ensureDemoKeyFiles(dir: string): Promise<{ signingKeyFile: string; logKeyFile: string }> {
  // the parents keep the usual mode (as root, PostgreSQL's own user must reach DATA_DIR/pg beside it)
  await fs.mkdir(path.dirname(dir), { recursive: true });
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.chmod(dir, 0o700).catch(() => {});
  const signingKeyFile = path.join(dir, DEMO_SIGNING_FILE);
  const logKeyFile = path.join(dir, DEMO_LOG_FILE);
  await Promise.all([
    createOnce(signingKeyFile, demoSigningPem),
    createOnce(logKeyFile, async () => (await generateKeyPair('ed25519')).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string),
  ]);
  return { signingKeyFile, logKeyFile };
}

/** Writes `make()`'s text to `file` unless it exists; whoever links first wins. */
async function createOnce(file: string, make: () => Promise<string>): Promise<void> {
  if (
    await fs.access(file).then(
      () => true,
      () => false,
    )
  )
    return;
  const text = await make();
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(tmp, text, { mode: 0o600, flag: 'wx' });
  try {
    const fh = await fs.open(tmp, 'r');
    await fh.sync();
    await fh.close();
    await fs.link(tmp, file); // atomic and exclusive: EEXIST if another node got there first
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

/** An RSA-3072 key and its self-signed demo certificate, as one PEM (key first). */
async function demoSigningPem(): Promise<string> {
  const { privateKey, publicKey } = await generateKeyPair('rsa', { modulusLength: 3072, publicExponent: 0x10001 });
  const now = new Date();
  const cert = await selfSignedCertificate({
    privateKey,
    publicKey,
    subject: DEMO_SUBJECT,
    notBefore: DEMO_NOT_BEFORE,
    notAfter: new Date(Date.UTC(now.getUTCFullYear() + DEMO_YEARS, now.getUTCMonth(), now.getUTCDate())),
  });
  return `${privateKey.export({ type: 'pkcs8', format: 'pem' }) as string}${cert}`;
}

/**
 * A self-signed end-entity certificate for document signing (pkijs builds and signs it):
 * keyUsage digitalSignature + nonRepudiation (critical), basicConstraints cA=false,
 * subjectKeyIdentifier. RSA keys sign with SHA-256 (PKCS#1 v1.5); EC P-256 keys with ECDSA-SHA-256.
 */
export async function selfSignedCertificate(opts: {
  privateKey: crypto.KeyObject;
  publicKey: crypto.KeyObject;
  subject: ReadonlyArray<{ type: string; value: string; printable?: boolean }>;
  notBefore: Date;
  notAfter: Date;
}): Promise<string> {
  const engine = webcryptoEngine();
  const alg = importAlgorithm(opts.privateKey);
  const subtle = crypto.webcrypto.subtle;
  const signKey = await subtle.importKey('pkcs8', opts.privateKey.export({ type: 'pkcs8', format: 'der' }), alg, false, ['sign']);
  const spki = opts.publicKey.export({ type: 'spki', format: 'der' });
  const verifyKey = await subtle.importKey('spki', spki, alg, true, ['verify']);

  const cert = new pkijs.Certificate();
  cert.version = 2; // v3
  const serial = crypto.randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x40; // positive, minimal DER
  cert.serialNumber = new asn1js.Integer({ valueHex: serial });
  // one RDN per attribute (C, O, CN — most significant first); pkijs alone would make one multi-valued RDN
  const name = new asn1js.Sequence({
    value: opts.subject.map(
      (a) =>
        new asn1js.Set({
          value: [
            new asn1js.Sequence({
              value: [
                new asn1js.ObjectIdentifier({ value: a.type }),
                a.printable ? new asn1js.PrintableString({ value: a.value }) : new asn1js.Utf8String({ value: a.value }),
              ],
            }),
          ],
        }),
    ),
  });
  const rdn = () => pkijs.RelativeDistinguishedNames.fromBER(name.toBER(false));
  cert.subject = rdn();
  cert.issuer = rdn();
  cert.notBefore = new pkijs.Time({ type: opts.notBefore.getUTCFullYear() < 2050 ? 0 : 1, value: opts.notBefore });
  cert.notAfter = new pkijs.Time({ type: opts.notAfter.getUTCFullYear() < 2050 ? 0 : 1, value: opts.notAfter });
  await cert.subjectPublicKeyInfo.importKey(verifyKey, engine);
  // keyUsage: digitalSignature (bit 0) + nonRepudiation/contentCommitment (bit 1)
  const keyUsage = new asn1js.BitString({ valueHex: new Uint8Array([0b1100_0000]).buffer, unusedBits: 6 });
  const basic = new pkijs.BasicConstraints({ cA: false });
  const skid = new asn1js.OctetString({
    valueHex: crypto.createHash('sha1').update(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest(),
  });
  cert.extensions = [
    new pkijs.Extension({ extnID: '2.5.29.15', critical: true, extnValue: keyUsage.toBER(false), parsedValue: keyUsage }),
    new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: basic.toSchema().toBER(false), parsedValue: basic }),
    new pkijs.Extension({ extnID: '2.5.29.14', critical: false, extnValue: skid.toBER(false), parsedValue: skid }),
  ];
  await cert.sign(signKey, 'SHA-256', engine);
  const der = Buffer.from(cert.toSchema(true).toBER(false));
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;
}

/** The WebCrypto algorithm a key signs with here: RSA PKCS#1 v1.5 or ECDSA, both over SHA-256. */
export function importAlgorithm(key: crypto.KeyObject): RsaHashedImportParams | EcKeyImportParams {
  if (key.asymmetricKeyType === 'rsa') return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    const named = curve === 'prime256v1' ? 'P-256' : curve === 'secp384r1' ? 'P-384' : curve === 'secp521r1' ? 'P-521' : undefined;
    if (named) return { name: 'ECDSA', namedCurve: named };
  }
  throw new Error(
    `签章私钥类型不受支持：${key.asymmetricKeyType}${key.asymmetricKeyDetails?.namedCurve ? ` ${key.asymmetricKeyDetails.namedCurve}` : ''}（支持 RSA、ECDSA P-256/P-384/P-521） (unsupported signing key type; use RSA or ECDSA P-256/P-384/P-521).`,
  );
}
