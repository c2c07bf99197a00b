import crypto from 'node:crypto';

/**
 * An independent verifier for the tests: RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency)
 * transcribed step by step, and C2SP checkpoint signatures checked with node:crypto from the verifier
 * key alone. It shares no code with the server's log (server/src/platform/log), so a bug there cannot
 * hide itself here.
 */

const sha256 = (...parts: Uint8Array[]) => {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const H = (l: Uint8Array, r: Uint8Array) => sha256(Buffer.from([1]), l, r);
export const rfcLeafHash = (leaf: Uint8Array) => sha256(Buffer.from([0]), leaf);

/** §2.1.3.2: verifying an inclusion proof. */
export function verifyInclusion(leafIndex: number, treeSize: number, leafHash: Buffer, proof: readonly Buffer[], root: Buffer): boolean {
  // hashes are SHA-256 outputs: anything else is not a proof
  if ([leafHash, root, ...proof].some((h) => h.length !== 32)) return false;
  // 1. If leaf_index is greater than or equal to tree_size, then fail the proof verification.
  if (leafIndex >= treeSize || leafIndex < 0) return false;
  // 2. Set fn to leaf_index and sn to tree_size - 1.
  let fn = BigInt(leafIndex);
  let sn = BigInt(treeSize - 1);
  // 3. Set r to hash.
  let r = leafHash;
  // 4. For each value p in the inclusion_path array:
  for (const p of proof) {
    // a. If sn is 0, then stop the iteration and fail the proof verification.
    if (sn === 0n) return false;
    // b. If LSB(fn) is set, or if fn is equal to sn, then:
    if ((fn & 1n) === 1n || fn === sn) {
      // i. Set r to HASH(0x01 || p || r).
      r = H(p, r);
      // ii. If LSB(fn) is not set, then right-shift both fn and sn equally until either LSB(fn) is set or fn is 0.
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      // Otherwise: Set r to HASH(0x01 || r || p).
      r = H(r, p);
    }
    // c. Finally, right-shift both fn and sn one time.
    fn >>= 1n;
    sn >>= 1n;
  }
  // 5. Compare sn to 0. Compare r against the root_hash. If sn is equal to 0 and r and the root_hash are equal, then the log has proven the inclusion of hash.
  return sn === 0n && r.equals(root);
}

/** §2.1.4.2: verifying consistency between first_hash (tree of first) and second_hash (tree of second). */
export function verifyConsistency(first: number, second: number, firstHash: Buffer, secondHash: Buffer, proof: readonly Buffer[]): boolean {
  // equal sizes: the trees are the same when the roots are (a consistency "proof" is then empty)
  if (first === second) return first > 0 && proof.length === 0 && firstHash.equals(secondHash);
  if (first <= 0 || first > second) return false;
  if ([firstHash, secondHash, ...proof].some((h) => h.length !== 32)) return false;
  if (proof.length === 0) return false;
  // 1. If consistency_path is an empty array, stop and fail the proof verification. (above)
  // 2. If first is an exact power of 2, then prepend first_hash to the consistency_path array.
  const path = (first & (first - 1)) === 0 ? [firstHash, ...proof] : [...proof];
  // 3. Set fn to first - 1 and sn to second - 1.
  let fn = BigInt(first - 1);
  let sn = BigInt(second - 1);
  // 4. If LSB(fn) is set, then right-shift both fn and sn equally until LSB(fn) is not set.
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  // 5. Set both fr and sr to the first value in the consistency_path array.
  let fr = path[0]!;
  let sr = path[0]!;
  // 6. For each subsequent value c in the consistency_path array:
  for (const c of path.slice(1)) {
    // a. If sn is 0, then stop the iteration and fail the proof verification.
    if (sn === 0n) return false;
    // b. If LSB(fn) is set, or if fn is equal to sn, then:
    if ((fn & 1n) === 1n || fn === sn) {
      // i. Set fr to HASH(0x01 || c || fr). Set sr to HASH(0x01 || c || sr).
      fr = H(c, fr);
      sr = H(c, sr);
      // ii. If LSB(fn) is not set, then right-shift both fn and sn equally until either LSB(fn) is set or fn is 0.
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      // Otherwise: Set sr to HASH(0x01 || sr || c).
      sr = H(sr, c);
    }
    // c. Finally, right-shift both fn and sn one time.
    fn >>= 1n;
    sn >>= 1n;
  }
  // 7. After completing iterating through the consistency_path array as described above, verify that the fr calculated is equal to the first_hash supplied, that the sr calculated is equal to the second_hash supplied, and that sn is 0.
  return fr.equals(firstHash) && sr.equals(secondHash) && sn === 0n;
}

/**
 * A C2SP checkpoint's signature, checked with node:crypto from the verifier key string alone:
 * `<name>+<hash>+<base64(0x01 ‖ key)>`. Returns the checkpoint's size and root when it verifies.
 */
export function openCheckpoint(note: string, vkey: string): { origin: string; size: number; root: Buffer } | null {
  const [name, hashHex, ...rest] = vkey.split('+') as [string, string, string];
  const keyB64 = rest.join('+'); // base64 has '+' of its own
  const key = Buffer.from(keyB64, 'base64');
  if (key[0] !== 1 || key.length !== 33) return null;
  const publicKey = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.subarray(1).toString('base64url') }, format: 'jwk' });
  const [text, sigs] = [note.slice(0, note.indexOf('\n\n') + 1), note.slice(note.indexOf('\n\n') + 2)];
  const line = sigs.split('\n').find((l) => l.startsWith(`— ${name} `));
  if (!line) return null;
  const sig = Buffer.from(line.slice(`— ${name} `.length), 'base64');
  if (sig.subarray(0, 4).toString('hex') !== hashHex) return null;
  if (!crypto.verify(null, Buffer.from(text, 'utf8'), publicKey, sig.subarray(4))) return null;
  const [origin, size, root] = text.split('\n') as [string, string, string];
  return { origin, size: Number(size), root: Buffer.from(root, 'base64') };
}
