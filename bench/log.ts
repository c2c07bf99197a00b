import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Db } from '../server/src/platform/db/database.js';
import { appendAudit } from '../server/src/platform/audit/audit.js';
import { appendLeaves, compactRange, leafHash, nodeKey, rangeHash, type Hash } from '../server/src/platform/log/merkle.js';
import { checkpointText, signNote } from '../server/src/platform/log/note.js';
import { nodes } from '../server/src/platform/log/log.repository.js';
import { TransparencyLog } from '../server/src/platform/log/transparency-log.js';
import { rfcLeafHash, verifyConsistency, verifyInclusion } from '../server/src/test-support/rfc9162-verifier.js';

/**
 * The transparency log at scale: a tree of 2^20 (1,048,576) leaves built in the database the way the
 * integrator stores it, then inclusion and consistency proofs generated from it (O(log n) stored
 * hashes each) and checked by the independent RFC 9162 verifier; and the latency from a commit to
 * a signed checkpoint over it. Figures, not judgements.
 */
export async function benchLog(db: Db, leaves = 1 << 20): Promise<Record<string, number>> {
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const origin = 'bench.example/filing-log';
  const t0 = performance.now();
  const known = new Map<string, Hash>();
  const chunk = 1 << 14;
  let size = 0;
  while (size < leaves) {
    const hashes = Array.from({ length: chunk }, (_, i) => leafHash(Buffer.from(`bench leaf ${size + i}`)));
    const frontier = new Map(compactRange(size).map((n) => [nodeKey(n), known.get(nodeKey(n))!]));
    const { nodes } = appendLeaves(size, hashes, frontier);
    for (const n of compactRange(size + chunk)) known.set(nodeKey(n), frontier.get(nodeKey(n))!);
    const sm3 = '0'.repeat(64);
    const rows = hashes.map((h, i) => ({ leaf_index: size + i, kind: 'audit' as const, ref: -(size + i + 1), leaf_hash: h, sm3, integrated_at: new Date() }));
    for (let i = 0; i < rows.length; i += 8192)
      await db
        .insertInto('log_leaves')
        .values(rows.slice(i, i + 8192))
        .execute(); // ≤ 65,535 parameters
    for (let i = 0; i < nodes.length; i += 8192)
      await db
        .insertInto('log_nodes')
        .values(nodes.slice(i, i + 8192).map((n) => ({ level: n.level, idx: n.index, hash: n.hash })))
        .execute();
    size += chunk;
  }
  const root = rangeHash(0, size, (n) => known.get(nodeKey(n))!);
  await db
    .insertInto('log_checkpoints')
    .values({ tree_size: size, root_hash: root, note: signNote(checkpointText({ origin, size, root }), origin, privateKey), signed_at: new Date() })
    .execute();
  const buildMs = performance.now() - t0;
  const storage = await sql<{ bytes: string }>`SELECT pg_total_relation_size('log_leaves') + pg_total_relation_size('log_nodes') AS bytes`.execute(db);

  // proofs from the stored tree, checked independently
  const log = new TransparencyLog(db, { privateKey, origin });
  const samples = 500;
  let proofMs = 0;
  let proofBytes = 0;
  for (let k = 0; k < samples; k++) {
    const m = crypto.randomInt(size);
    const t = performance.now();
    const proof = await log.inclusionProof(m, size);
    proofMs += performance.now() - t;
    proofBytes = proof.length * 32;
    if (!verifyInclusion(m, size, rfcLeafHash(Buffer.from(`bench leaf ${m}`)), proof, root)) throw new Error(`inclusion proof of ${m} does not verify`);
  }
  const first = size - 12_345;
  const stored = await nodes(db, compactRange(first));
  const firstRoot = rangeHash(0, first, (n) => stored.get(nodeKey(n))!);
  const tc = performance.now();
  const consistency = await log.consistencyProof(first, size);
  const consistencyMs = performance.now() - tc;
  const consistencyOk = verifyConsistency(first, size, firstRoot, root, consistency);

  // commit → signed checkpoint: one audited record, then the integrator over it
  const latencies: number[] = [];
  for (let k = 0; k < 200; k++) {
    const t = performance.now();
    await db
      .transaction()
      .execute((tx) =>
        appendAudit(tx, { id: null, role: null, label: 'bench' }, { action: 'bench.event', entityType: 'bench', entityId: String(k) }, new Date()),
      );
    await log.integrate();
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
  return {
    leaves: size,
    buildSeconds: round(buildMs / 1000, 1),
    storageMiB: round(Number(storage.rows[0]!.bytes) / 1048576, 1),
    inclusionProofHashes: proofBytes / 32,
    inclusionProofBytes: proofBytes,
    inclusionProofMs: round(proofMs / samples),
    consistencyProofHashes: consistency.length,
    consistencyProofMs: round(consistencyMs),
    consistencyVerified: consistencyOk ? 1 : 0,
    commitToCheckpointP50Ms: round(latencies[Math.floor(latencies.length * 0.5)]!),
    commitToCheckpointP99Ms: round(latencies[Math.floor(latencies.length * 0.99)]!),
  };
}
