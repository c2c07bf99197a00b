import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openCheckpoint, rfcLeafHash, verifyConsistency, verifyInclusion } from '../../test-support/rfc9162-verifier.js';
import {
  CompactTree,
  EMPTY_ROOT,
  appendLeaves,
  compactRange,
  consistencyRanges,
  inclusionRanges,
  leafHash,
  nodeKey,
  nodesFor,
  rangeHash,
  rootOf,
  type Hash,
} from './merkle.js';
import { checkpointText, openNote, parseVerifierKey, privateKeyFromSeed, signNote, verifierKey, verifyCheckpoint } from './note.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const hex = (s: string) => Buffer.from(s, 'hex');

// transparency-dev/merkle testonly/constants.go: the reference leaves and the roots of every prefix
const LEAF_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(hex);
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
].map(hex);

/** An in-memory store of every complete subtree, built by the same append path the integrator uses. */
function buildTree(leaves: readonly Hash[], batches: number[] = [leaves.length]) {
  const known = new Map<string, Hash>();
  let size = 0;
  for (const b of batches) {
    // the integrator only knows the old compact range when it appends: prove that is enough
    const frontier = new Map(compactRange(size).map((n) => [nodeKey(n), known.get(nodeKey(n))!]));
    const { nodes } = appendLeaves(size, leaves.slice(size, size + b), frontier);
    leaves.slice(size, size + b).forEach((h, i) => known.set(nodeKey({ level: 0, index: size + i }), h));
    for (const n of nodes) known.set(nodeKey(n), n.hash);
    size += b;
  }
  const get = (n: { level: number; index: number }) => {
    const h = known.get(nodeKey(n));
    if (!h) throw new Error(`node ${nodeKey(n)} not stored`);
    return h;
  };
  return {
    root: (n: number) => (n === 0 ? EMPTY_ROOT : rangeHash(0, n, get)),
    inclusion: (m: number, n: number) => inclusionRanges(m, n).map(([a, b]) => rangeHash(a, b, get)),
    consistency: (m: number, n: number) => consistencyRanges(m, n).map(([a, b]) => rangeHash(a, b, get)),
  };
}

describe('RFC 9162 Merkle tree (reference vectors of transparency-dev/merkle)', () => {
  const hashes = LEAF_INPUTS.map(leafHash);

  it('leaf hashes and the root of every prefix match the reference', () => {
    expect(hashes[0]!.toString('hex')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    for (let n = 0; n <= 8; n++) expect(rootOf(hashes.slice(0, n)).toString('hex'), `root of ${n}`).toBe(ROOTS[n]!.toString('hex'));
  });

  it('appending in any batches gives the same stored nodes and roots', () => {
    for (const batches of [[8], [1, 1, 1, 1, 1, 1, 1, 1], [3, 5], [5, 2, 1], [1, 6, 1]]) {
      const t = buildTree(hashes, batches);
      for (let n = 1; n <= 8; n++) expect(t.root(n).toString('hex'), `${batches.join(',')} → ${n}`).toBe(ROOTS[n]!.toString('hex'));
    }
  });

  it('CompactTree (verification from scratch) gives every prefix root', () => {
    const t = new CompactTree();
    expect(t.root().equals(EMPTY_ROOT)).toBe(true);
    hashes.forEach((h, i) => {
      t.push(h);
      expect(t.root().toString('hex')).toBe(ROOTS[i + 1]!.toString('hex'));
    });
  });

  const vectors = (kind: string) =>
    fs
      .readdirSync(path.join(here, 'testdata', kind), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.json'))
      .map(
        (f) =>
          ({ file: f, ...(JSON.parse(fs.readFileSync(path.join(here, 'testdata', kind, f), 'utf8')) as Record<string, unknown>) }) as Record<
            string,
            unknown
          > & { file: string },
      );
  const b64 = (v: unknown) => Buffer.from((v as string | null) ?? '', 'base64');
  const list = (v: unknown) => ((v as string[] | null) ?? []).map((s) => Buffer.from(s, 'base64'));

  it('the independent verifier accepts every happy path and refuses every mangled inclusion probe', () => {
    const probes = vectors('inclusion');
    expect(probes.length).toBeGreaterThan(50);
    for (const p of probes) {
      const ok = verifyInclusion(p.leafIdx as number, p.treeSize as number, b64(p.leafHash), list(p.proof), b64(p.root));
      expect(ok, `${p.file}: ${p.desc as string}`).toBe(!p.wantErr);
    }
  });

  it('the independent verifier accepts every happy path and refuses every mangled consistency probe', () => {
    const probes = vectors('consistency');
    expect(probes.length).toBeGreaterThan(50);
    for (const p of probes) {
      const ok = verifyConsistency(p.size1 as number, p.size2 as number, b64(p.root1), b64(p.root2), list(p.proof));
      expect(ok, `${p.file}: ${p.desc as string}`).toBe(!p.wantErr);
    }
  });

  it('the proofs this log generates equal the reference happy paths', () => {
    const t = buildTree(hashes, [2, 3, 3]);
    for (const p of vectors('inclusion').filter((v) => !v.wantErr)) {
      expect(
        t.inclusion(p.leafIdx as number, p.treeSize as number).map((h) => h.toString('base64')),
        p.file,
      ).toEqual(p.proof ?? []);
    }
    for (const p of vectors('consistency').filter((v) => !v.wantErr && (v.size1 as number) > 0)) {
      expect(
        t.consistency(p.size1 as number, p.size2 as number).map((h) => h.toString('base64')),
        p.file,
      ).toEqual(p.proof ?? []);
    }
  });

  it('every inclusion and consistency proof of a 300-leaf tree verifies independently, and fails when mangled', () => {
    const leaves = Array.from({ length: 300 }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
    const t = buildTree(leaves, [1, 7, 64, 100, 128]);
    for (let n = 1; n <= 300; n += 7) {
      const root = t.root(n);
      for (let m = 0; m < n; m += 3) {
        const proof = t.inclusion(m, n);
        expect(verifyInclusion(m, n, leaves[m]!, proof, root), `inclusion ${m} in ${n}`).toBe(true);
        if (proof.length > 1) expect(verifyInclusion(m, n, leaves[m]!, [proof[1]!, proof[0]!, ...proof.slice(2)], root), 'swapped').toBe(false);
        if (n > 1) expect(verifyInclusion(m, n, leaves[(m + 1) % n]!, proof, root), 'another leaf').toBe(false);
      }
      for (let m = 1; m <= n; m += 5) {
        const proof = t.consistency(m, n);
        expect(verifyConsistency(m, n, t.root(m), root, proof), `consistency ${m} → ${n}`).toBe(true);
        if (m < n) expect(verifyConsistency(m, n, t.root(m), leafHash(Buffer.from('forged')), proof), 'another root').toBe(false);
      }
    }
  });

  it('a proof for a log of 1,000,000 leaves has 20 hashes (640 bytes) and needs at most 2·20 stored nodes', () => {
    const n = 1_000_000;
    const inc = inclusionRanges(123_456, n);
    expect(inc.length).toBe(20);
    expect(nodesFor(inc).length).toBeLessThanOrEqual(40);
    const cons = consistencyRanges(999_000, n);
    expect(cons.length).toBeLessThanOrEqual(2 * 20);
  });
});

describe('C2SP signed notes and checkpoints', () => {
  // golang.org/x/mod/sumdb/note note_test.go TestSign: a known key and its signature of a known text
  const skey = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
  const vkey = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
  const text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
  const want = `${text}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
  const priv = privateKeyFromSeed(Buffer.from(skey.split('+').slice(4).join('+'), 'base64').subarray(1));

  it('signs exactly as Go’s note package (Ed25519 is deterministic)', () => {
    expect(verifierKey('PeterNeumann', crypto.createPublicKey(priv))).toBe(vkey);
    expect(signNote(text, 'PeterNeumann', priv)).toBe(want);
  });

  it('opens a note signed by the key, and refuses a changed text, signature or key', () => {
    const v = parseVerifierKey(vkey);
    expect(openNote(want, v)).toBe(text);
    expect(openNote(want.replace('answer', 'Answer'), v)).toBeNull();
    expect(openNote(want.replace('x08go', 'x08gp'), v)).toBeNull();
    const other = crypto.generateKeyPairSync('ed25519');
    expect(openNote(want, parseVerifierKey(verifierKey('PeterNeumann', other.publicKey)))).toBeNull();
    expect(() => parseVerifierKey('PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow();
    expect(() => parseVerifierKey(vkey.replace('+AR', '+ZR'))).toThrow();
  });

  it('a checkpoint signed here verifies with node:crypto from the verifier key alone (the independent verifier)', () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
    const origin = 'shsp-selection.example/filing-log';
    const note = signNote(checkpointText({ origin, size: 8, root: ROOTS[8]! }), origin, privateKey);
    expect(note.split('\n').slice(0, 3)).toEqual([origin, '8', ROOTS[8]!.toString('base64')]);
    const opened = openCheckpoint(note, verifierKey(origin, publicKey));
    expect(opened).toEqual({ origin, size: 8, root: ROOTS[8] });
    expect(verifyCheckpoint(note, parseVerifierKey(verifierKey(origin, publicKey)), origin)?.size).toBe(8);
    expect(openCheckpoint(note.replace('\n8\n', '\n9\n'), verifierKey(origin, publicKey))).toBeNull();
    expect(verifyCheckpoint(note, parseVerifierKey(verifierKey(origin, publicKey)), 'another/log')).toBeNull();
  });
});

describe('RFC leaf hashing agrees between the two implementations', () => {
  it('leafHash', () => expect(leafHash(Buffer.from('x')).equals(rfcLeafHash(Buffer.from('x')))).toBe(true));
});
