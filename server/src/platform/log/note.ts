import crypto from 'node:crypto';

/**
 * Signed notes (C2SP signed-note) with Ed25519, and checkpoints in the C2SP tlog-checkpoint format —
 * what Go's checksum database and Sigstore's logs publish, so their tools can read ours.
 *
 *   <origin>\n<tree size>\n<base64 root hash>\n      ← the note text, signed as is
 *   \n
 *   — <key name> <base64(4-byte key hash ‖ 64-byte signature)>\n
 *
 * key hash = first 4 bytes of SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ 32-byte public key);
 * verifier key = `<name>+<key hash, 8 hex digits>+<base64(0x01 ‖ public key)>`.
 */

const ALG_ED25519 = 0x01;
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function rawPublicKey(key: crypto.KeyObject): Buffer {
  const pub = key.type === 'private' ? crypto.createPublicKey(key) : key;
  const der = pub.export({ format: 'der', type: 'spki' });
  if (pub.asymmetricKeyType !== 'ed25519' || der.length !== 44) throw new Error('the log key must be an Ed25519 key');
  return der.subarray(12);
}

export function publicKeyFromRaw(raw: Uint8Array): crypto.KeyObject {
  return crypto.createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** An Ed25519 private key from its 32-byte seed (how Go's note package stores one). */
export function privateKeyFromSeed(seed: Uint8Array): crypto.KeyObject {
  return crypto.createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

function validName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

export function keyHash(name: string, rawPublic: Uint8Array): number {
  const h = crypto
    .createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, ALG_ED25519]))
    .update(rawPublic)
    .digest();
  return h.readUInt32BE(0);
}

export function verifierKey(name: string, publicKey: crypto.KeyObject): string {
  if (!validName(name)) throw new Error(`key name '${name}' must be non-empty, without spaces or '+'`);
  const raw = rawPublicKey(publicKey);
  return `${name}+${keyHash(name, raw).toString(16).padStart(8, '0')}+${Buffer.concat([Buffer.from([ALG_ED25519]), raw]).toString('base64')}`;
}

export interface Verifier {
  name: string;
  hash: number;
  publicKey: crypto.KeyObject;
}

/** Parses `<name>+<hash>+<base64 key>`; refuses a key whose hash does not match its name and bytes. */
export function parseVerifierKey(vkey: string): Verifier {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(vkey.trim()); // base64 may hold '+' itself
  if (!m) throw new Error('malformed verifier key');
  const [, name, hex, b64] = m as unknown as [string, string, string, string];
  if (!validName(name) || !/^[0-9a-f]{8}$/.test(hex)) throw new Error('malformed verifier key');
  const key = Buffer.from(b64, 'base64');
  if (key.toString('base64') !== b64 || key.length !== 33 || key[0] !== ALG_ED25519) throw new Error('malformed verifier key (not an Ed25519 key)');
  const raw = key.subarray(1);
  const hash = keyHash(name, raw);
  if (hash !== parseInt(hex, 16)) throw new Error('verifier key hash does not match the key');
  return { name, hash, publicKey: publicKeyFromRaw(raw) };
}

/** Signs a note's text (which must end in a newline) with one key. */
export function signNote(text: string, name: string, privateKey: crypto.KeyObject): string {
  if (!text.endsWith('\n') || text.includes('\n\n')) throw new Error('malformed note');
  const raw = rawPublicKey(privateKey);
  const sig = crypto.sign(null, Buffer.from(text, 'utf8'), privateKey);
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(keyHash(name, raw));
  return `${text}\n— ${name} ${Buffer.concat([prefix, sig]).toString('base64')}\n`;
}

/** The note's text when one of its signatures is by `verifier` and valid; otherwise null. */
export function openNote(note: string, verifier: Verifier): string | null {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return null;
  const text = note.slice(0, split + 1);
  const sigLines = note.slice(split + 2).split('\n');
  if (sigLines.pop() !== '') return null; // every signature line ends in a newline
  for (const line of sigLines) {
    const m = /^— (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!m || m[1] !== verifier.name) continue;
    const sig = Buffer.from(m[2]!, 'base64');
    if (sig.length !== 68 || sig.readUInt32BE(0) !== verifier.hash) continue;
    if (crypto.verify(null, Buffer.from(text, 'utf8'), verifier.publicKey, sig.subarray(4))) return text;
  }
  return null;
}

export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
}

export function checkpointText(c: Checkpoint): string {
  return `${c.origin}\n${c.size}\n${c.root.toString('base64')}\n`;
}

/** Reads the first three lines of a checkpoint's text (extension lines after them are allowed and ignored). */
export function parseCheckpointText(text: string): Checkpoint | null {
  const lines = text.split('\n');
  if (lines.length < 4) return null;
  const [origin, size, root] = lines as [string, string, string];
  if (!origin || !/^(0|[1-9]\d*)$/.test(size)) return null;
  const rootBytes = Buffer.from(root, 'base64');
  if (rootBytes.length !== 32 || rootBytes.toString('base64') !== root) return null;
  return { origin, size: Number(size), root: rootBytes };
}

/** A checkpoint signed by `verifier` for `origin`, or null when the signature or the format is wrong. */
export function verifyCheckpoint(note: string, verifier: Verifier, origin?: string): Checkpoint | null {
  const text = openNote(note, verifier);
  if (!text) return null;
  const c = parseCheckpointText(text);
  if (!c || (origin !== undefined && c.origin !== origin)) return null;
  return c;
}
