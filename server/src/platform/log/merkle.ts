import crypto from 'node:crypto';

/**
 * Merkle tree arithmetic of RFC 9162 §2.1 (the same as RFC 6962): SHA-256, leaf hash
 * H(0x00 ‖ leaf), interior node H(0x01 ‖ left ‖ right), a tree of n leaves split at the largest power
 * of two below n. Pure: proofs are *planned* as lists of complete subtrees, which the caller fetches
 * (one query), then *computed* here — so a proof in a log of any size costs O(log n) stored hashes.
 *
 * A complete subtree is named by (level, index): it covers leaves [index·2^level, (index+1)·2^level).
 * Level 0 is the leaves.
 */

export type Hash = Buffer;

export interface NodeId {
  level: number;
  index: number;
}

export const nodeKey = (n: NodeId): string => `${n.level}:${n.index}`;

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

// one-shot hashing (crypto.hash): the same digests, without a Hash object per leaf and node
export function leafHash(leaf: Uint8Array): Hash {
  return crypto.hash('sha256', Buffer.concat([LEAF, leaf]), 'buffer');
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  return crypto.hash('sha256', Buffer.concat([NODE, left, right]), 'buffer');
}

/** The root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: Hash = crypto.createHash('sha256').digest();

/** The largest power of two strictly below n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isPow2 = (n: number) => n > 0 && (n & (n - 1)) === 0;
const log2 = (n: number) => Math.round(Math.log2(n));

/**
 * The complete subtrees whose hashes make up MTH(D[a:b]), left to right. Every range a proof or a
 * root needs starts at a multiple of the largest power of two not above its length, so it decomposes
 * into the right edge of the tree's binary shape.
 */
export function decompose(a: number, b: number): NodeId[] {
  const size = b - a;
  if (size <= 0) throw new RangeError(`empty range [${a}, ${b})`);
  if (isPow2(size) && a % size === 0) return [{ level: log2(size), index: a / size }];
  const k = splitPoint(size);
  return [...decompose(a, a + k), ...decompose(a + k, b)];
}

/** MTH(D[a:b]) from the hashes of its complete subtrees (folded right to left, as RFC 9162 nests them). */
export function rangeHash(a: number, b: number, get: (n: NodeId) => Hash): Hash {
  const parts = decompose(a, b).map(get);
  let h = parts[parts.length - 1]!;
  for (let i = parts.length - 2; i >= 0; i--) h = nodeHash(parts[i]!, h);
  return h;
}

/** A proof as ranges of leaves; each element of the proof is MTH of one range. */
export type Range = readonly [number, number];

/** RFC 9162 §2.1.3.1: PATH(m, D[0:n]) as ranges, leaf to root. */
export function inclusionRanges(m: number, n: number): Range[] {
  if (!(m >= 0 && m < n)) throw new RangeError(`leaf ${m} is not in a tree of ${n}`);
  const out: Range[] = [];
  const walk = (m: number, a: number, b: number): void => {
    if (b - a <= 1) return;
    const k = splitPoint(b - a);
    if (m < k) {
      walk(m, a, a + k);
      out.push([a + k, b]);
    } else {
      walk(m - k, a + k, b);
      out.push([a, a + k]);
    }
  };
  walk(m, 0, n);
  return out;
}

/** RFC 9162 §2.1.4.1: PROOF(m, D[0:n]) as ranges (0 < m ≤ n). */
export function consistencyRanges(m: number, n: number): Range[] {
  if (!(m > 0 && m <= n)) throw new RangeError(`no consistency proof from ${m} to ${n}`);
  const out: Range[] = [];
  const sub = (m: number, a: number, b: number, whole: boolean): void => {
    if (m === b - a) {
      if (!whole) out.push([a, b]);
      return;
    }
    const k = splitPoint(b - a);
    if (m <= k) {
      sub(m, a, a + k, whole);
      out.push([a + k, b]);
    } else {
      sub(m - k, a + k, b, false);
      out.push([a, a + k]);
    }
  };
  sub(m, 0, n, true);
  return out;
}

/** Every complete subtree the given ranges need, each once. */
export function nodesFor(ranges: readonly Range[]): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const [a, b] of ranges) for (const n of decompose(a, b)) seen.set(nodeKey(n), n);
  return [...seen.values()];
}

/** The complete subtrees that make up a tree of size n (its "compact range"), left to right. */
export function compactRange(n: number): NodeId[] {
  return n === 0 ? [] : decompose(0, n);
}

/**
 * Appending leaves to a tree of `oldSize`: the new complete subtrees, level by level. `known` must
 * hold the old compact range (from `compactRange(oldSize)`) and gets every new node added to it; the
 * new root is `rangeHash(0, newSize, known)`.
 */
export function appendLeaves(oldSize: number, leafHashes: readonly Hash[], known: Map<string, Hash>): { nodes: Array<NodeId & { hash: Hash }>; size: number } {
  const size = oldSize + leafHashes.length;
  const nodes: Array<NodeId & { hash: Hash }> = [];
  leafHashes.forEach((hash, i) => known.set(nodeKey({ level: 0, index: oldSize + i }), hash));
  // plain division, not >>: indices stay exact past 2^31 leaves
  const at = (n: number, level: number) => Math.floor(n / 2 ** level);
  for (let level = 1; at(size, level) > 0; level++) {
    for (let index = at(oldSize, level); index < at(size, level); index++) {
      const left = known.get(nodeKey({ level: level - 1, index: 2 * index }));
      const right = known.get(nodeKey({ level: level - 1, index: 2 * index + 1 }));
      if (!left || !right) throw new Error(`missing child of node ${level}:${index}`);
      const hash = nodeHash(left, right);
      known.set(nodeKey({ level, index }), hash);
      nodes.push({ level, index, hash });
    }
  }
  return { nodes, size };
}

/** The root of a whole list of leaf hashes (for verification from scratch and tests). */
export function rootOf(leafHashes: readonly Hash[]): Hash {
  if (leafHashes.length === 0) return EMPTY_ROOT;
  const known = new Map<string, Hash>();
  appendLeaves(0, leafHashes, known);
  return rangeHash(0, leafHashes.length, (n) => known.get(nodeKey(n))!);
}

/**
 * A tree being rebuilt leaf by leaf (verification): keeps only its compact range, so memory is
 * O(log n) however long the log, and the root of every prefix is available as it grows.
 */
export class CompactTree {
  private stack: Array<{ level: number; hash: Hash }> = [];
  size = 0;

  push(leaf: Hash): void {
    let node = { level: 0, hash: leaf };
    while (this.stack.length && this.stack[this.stack.length - 1]!.level === node.level) {
      const left = this.stack.pop()!;
      node = { level: node.level + 1, hash: nodeHash(left.hash, node.hash) };
    }
    this.stack.push(node);
    this.size++;
  }

  root(): Hash {
    if (this.stack.length === 0) return EMPTY_ROOT;
    let h = this.stack[this.stack.length - 1]!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) h = nodeHash(this.stack[i]!.hash, h);
    return h;
  }
}

/**
 * The root an inclusion proof leads to (the server's own check; the tests use an independent one):
 * each proof hash covers the range next to what is proven so far, on its left or its right.
 */
export function rootFromInclusionProof(m: number, n: number, leaf: Hash, proof: readonly Hash[]): Hash | null {
  const ranges = inclusionRanges(m, n);
  if (ranges.length !== proof.length) return null;
  let [start, h] = [m, leaf];
  ranges.forEach(([a], i) => {
    if (a < start) {
      h = nodeHash(proof[i]!, h);
      start = a;
    } else {
      h = nodeHash(h, proof[i]!);
    }
  });
  return h;
}
