import crypto from 'node:crypto';
import forge from 'node-forge';

/**
 * Reading the centre's signing key and certificate chain from a file: PEM (a private key — plain
 * or encrypted PKCS#8, PKCS#1, SEC1 — and one or more certificates) or PKCS#12 (.p12/.pfx, as
 * `openssl pkcs12 -export` writes it; OpenSSL 3's default PBES2/AES-256 + HMAC-SHA-256 included).
 * PKCS#12 is decrypted by node-forge; everything after that is node:crypto.
 */
export interface SigningMaterial {
  privateKey: crypto.KeyObject;
  /** leaf first, then its issuers as far as the file has them */
  chain: crypto.X509Certificate[];
}

export class KeyFileError extends Error {}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g;

export function readSigningMaterial(bytes: Buffer, opts: { file: string; passphrase?: string; variable: string }): SigningMaterial {
  const text = bytes.toString('latin1');
  const found = text.includes('-----BEGIN ') ? fromPem(text, opts) : fromPkcs12(bytes, opts);
  return { privateKey: found.privateKey, chain: orderChain(found.privateKey, found.certificates, opts) };
}

function fromPem(
  text: string,
  opts: { file: string; passphrase?: string; variable: string },
): { privateKey: crypto.KeyObject; certificates: crypto.X509Certificate[] } {
  const keys: string[] = [];
  const certificates: crypto.X509Certificate[] = [];
  for (const m of text.matchAll(PEM_BLOCK)) {
    if (m[1] === 'CERTIFICATE') certificates.push(new crypto.X509Certificate(m[0]));
    else if (/PRIVATE KEY$/.test(m[1]!)) keys.push(m[0]);
  }
  if (keys.length !== 1) {
    throw new KeyFileError(
      `${opts.variable}（${opts.file}）应含一个私钥，实际含 ${keys.length} 个 (the PEM file must hold exactly one private key and its certificate chain).`,
    );
  }
  let privateKey: crypto.KeyObject;
  try {
    privateKey = crypto.createPrivateKey({ key: keys[0]!, format: 'pem', ...(opts.passphrase !== undefined ? { passphrase: opts.passphrase } : {}) });
  } catch (err) {
    const encrypted = /ENCRYPTED/.test(keys[0]!);
    throw new KeyFileError(
      encrypted
        ? `${opts.variable}（${opts.file}）的私钥已加密，口令不对或未提供：请设置 SIGNING_KEY_PASSPHRASE (the private key is encrypted: wrong or missing SIGNING_KEY_PASSPHRASE).`
        : `${opts.variable}（${opts.file}）的私钥无法读取 (the private key cannot be read): ${(err as Error).message}`,
    );
  }
  return { privateKey, certificates };
}

function fromPkcs12(
  bytes: Buffer,
  opts: { file: string; passphrase?: string; variable: string },
): { privateKey: crypto.KeyObject; certificates: crypto.X509Certificate[] } {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, true, opts.passphrase ?? '');
  } catch (err) {
    const msg = (err as Error).message;
    const wrongPass = /MAC could not be verified|Invalid password|decrypt/i.test(msg);
    throw new KeyFileError(
      wrongPass
        ? `${opts.variable}（${opts.file}）是 PKCS#12 文件，但口令不对：请检查 SIGNING_KEY_PASSPHRASE (PKCS#12: wrong passphrase).`
        : `${opts.variable}（${opts.file}）既不是 PEM 也不是可读的 PKCS#12 文件 (neither PEM nor a readable PKCS#12 file): ${msg}`,
    );
  }
  const bags = (type: string) => p12.getBags({ bagType: type })[type] ?? [];
  const keyBags = [...bags(forge.pki.oids.pkcs8ShroudedKeyBag!), ...bags(forge.pki.oids.keyBag!)];
  if (keyBags.length !== 1) {
    throw new KeyFileError(`${opts.variable}（${opts.file}）应含一个私钥，实际含 ${keyBags.length} 个 (the PKCS#12 file must hold exactly one private key).`);
  }
  const bag = keyBags[0]!;
  // forge decodes RSA keys; any other key (EC) is left as its PKCS#8 structure
  const pkcs8 = bag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)) : (bag as unknown as { asn1?: forge.asn1.Asn1 }).asn1;
  if (!pkcs8) throw new KeyFileError(`${opts.variable}（${opts.file}）的私钥无法读取 (the private key cannot be read).`);
  const privateKey = crypto.createPrivateKey({ key: Buffer.from(forge.asn1.toDer(pkcs8).getBytes(), 'binary'), format: 'der', type: 'pkcs8' });
  const certificates = bags(forge.pki.oids.certBag!).map((b) => {
    const asn1 = b.cert ? forge.pki.certificateToAsn1(b.cert) : (b as unknown as { asn1: forge.asn1.Asn1 }).asn1;
    return new crypto.X509Certificate(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
  });
  return { privateKey, certificates };
}

/** The certificate of the private key first, then each issuer found among the others. */
function orderChain(privateKey: crypto.KeyObject, certificates: crypto.X509Certificate[], opts: { file: string; variable: string }): crypto.X509Certificate[] {
  if (!certificates.length)
    throw new KeyFileError(
      `${opts.variable}（${opts.file}）中没有证书：请同时提供签章证书（及其证书链） (no certificate: give the signing certificate and its chain with the key).`,
    );
  const leaf = certificates.find((c) => c.checkPrivateKey(privateKey));
  if (!leaf) throw new KeyFileError(`${opts.variable}（${opts.file}）中的证书与私钥不匹配 (no certificate in the file matches the private key).`);
  const chain = [leaf];
  const rest = certificates.filter((c) => c !== leaf);
  for (;;) {
    const last = chain[chain.length - 1]!;
    if (last.checkIssued(last) && last.verify(last.publicKey)) break; // self-signed: the root
    const issuer = rest.find((c) => !chain.includes(c) && last.checkIssued(c) && last.verify(c.publicKey));
    if (!issuer) break;
    chain.push(issuer);
  }
  return chain;
}
