import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/**
 * A logical dump of PostgreSQL without pg_dump (none ships with the embedded server): every table
 * of the public schema as `COPY … TO STDOUT` (text format, portable across PostgreSQL versions),
 * all read inside one REPEATABLE READ READ ONLY transaction — one snapshot, so the tables agree
 * with each other. The schema itself is not dumped: it is the migrations, listed in the manifest
 * and replayed on restore.
 */

export interface TableDump {
  name: string;
  columns: string[];
  file: string;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface SequenceDump {
  name: string;
  table: string;
  column: string;
  lastValue: string;
  isCalled: boolean;
}

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function tables(client: pg.ClientBase): Promise<{ name: string; columns: string[] }[]> {
  const r = await client.query<{ name: string; columns: string[] }>(`
    SELECT c.relname AS name, array_agg(a.attname::text ORDER BY a.attnum) AS columns
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
    GROUP BY c.relname ORDER BY c.relname`);
  return r.rows;
}

async function sequences(client: pg.ClientBase): Promise<Omit<SequenceDump, 'lastValue' | 'isCalled'>[]> {
  const r = await client.query<{ name: string; table: string; column: string }>(`
    SELECT s.relname AS name, t.relname AS table, a.attname AS column
    FROM pg_class s
    JOIN pg_namespace n ON n.oid = s.relnamespace
    JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
    JOIN pg_class t ON t.oid = d.refobjid
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
    WHERE s.relkind = 'S' AND n.nspname = 'public'
    ORDER BY s.relname`);
  return r.rows;
}

/** Counts rows (one line each in COPY text format) and hashes while the bytes go to disk. */
class CopyMeter extends Transform {
  rows = 0;
  bytes = 0;
  readonly hash = crypto.createHash('sha256');
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null, data?: Buffer) => void) {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) this.rows++;
    cb(null, chunk);
  }
}

/**
 * Dumps every table into `dir` (one file each) inside one snapshot. `inSnapshot` runs inside the
 * same snapshot before the transaction ends — for reading what the dump must be consistent with
 * (e.g. which blobs the rows refer to).
 */
export async function dumpDatabase<T>(
  client: pg.ClientBase,
  dir: string,
  inSnapshot: (client: pg.ClientBase) => Promise<T>,
): Promise<{ tables: TableDump[]; sequences: SequenceDump[]; migrations: string[]; extra: T }> {
  await fs.promises.mkdir(dir, { recursive: true });
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const out: TableDump[] = [];
    for (const t of await tables(client)) {
      const file = `${t.name}.copy`;
      const meter = new CopyMeter();
      const source = client.query(copyTo(`COPY ${ident(t.name)} (${t.columns.map(ident).join(', ')}) TO STDOUT`));
      await pipeline(source, meter, fs.createWriteStream(path.join(dir, file), { flags: 'wx' }));
      const counted = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${ident(t.name)}`);
      if (Number(counted.rows[0]!.n) !== meter.rows) throw new Error(`dump of ${t.name}: ${meter.rows} lines for ${counted.rows[0]!.n} rows`);
      out.push({ name: t.name, columns: t.columns, file, rows: meter.rows, bytes: meter.bytes, sha256: meter.hash.digest('hex') });
    }
    const seqs: SequenceDump[] = [];
    for (const s of await sequences(client)) {
      const v = await client.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${ident(s.name)}`);
      seqs.push({ ...s, lastValue: v.rows[0]!.last_value, isCalled: v.rows[0]!.is_called });
    }
    const migrations = (await client.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).rows.map((r) => r.name);
    const extra = await inSnapshot(client);
    await client.query('COMMIT');
    return { tables: out, sequences: seqs, migrations, extra };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

/** True when the database has no table at all in its public schema (the only target a restore accepts). */
export async function isEmptyDatabase(client: pg.ClientBase): Promise<boolean> {
  const r = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')`,
  );
  return Number(r.rows[0]!.n) === 0;
}

/** Parents before children, by the foreign keys of the (migrated) target schema. */
async function restoreOrder(client: pg.ClientBase, names: string[]): Promise<string[]> {
  const fk = await client.query<{ child: string; parent: string }>(`
    SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE k.contype = 'f' AND n.nspname = 'public'`);
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const { child, parent } of fk.rows) if (child !== parent && parents.has(child) && parents.has(parent)) parents.get(child)!.add(parent);
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < names.length) {
    const ready = names.filter((n) => !done.has(n) && [...parents.get(n)!].every((p) => done.has(p)));
    if (!ready.length) throw new Error(`foreign keys form a cycle among: ${names.filter((n) => !done.has(n)).join(', ')}`);
    for (const n of ready) {
      order.push(n);
      done.add(n);
    }
  }
  return order;
}

/**
 * Loads the dumped tables into a database whose schema the caller has just built from the same
 * migrations — in one transaction: rows the migrations inserted are replaced, user triggers are
 * off while loading (the rows are restored as they were, not re-derived), tables load parents
 * first, sequences resume past what they had reached, and every table's count is checked.
 */
export async function loadDatabase(client: pg.ClientBase, dir: string, dump: { tables: TableDump[]; sequences: SequenceDump[] }): Promise<void> {
  await client.query('BEGIN');
  try {
    const names = dump.tables.map((t) => t.name);
    const present = (await tables(client)).map((t) => t.name);
    const unknown = names.filter((n) => !present.includes(n));
    if (unknown.length) throw new Error(`the archive has tables the migrated schema lacks: ${unknown.join(', ')}`);
    await client.query(`TRUNCATE ${names.map(ident).join(', ')} CASCADE`);
    for (const n of names) await client.query(`ALTER TABLE ${ident(n)} DISABLE TRIGGER USER`);
    const byName = new Map(dump.tables.map((t) => [t.name, t]));
    for (const name of await restoreOrder(client, names)) {
      const t = byName.get(name)!;
      const sink = client.query(copyFrom(`COPY ${ident(name)} (${t.columns.map(ident).join(', ')}) FROM STDIN`));
      await pipeline(fs.createReadStream(path.join(dir, t.file)), sink);
      const counted = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${ident(name)}`);
      if (Number(counted.rows[0]!.n) !== t.rows) throw new Error(`restore of ${name}: ${counted.rows[0]!.n} rows, the archive has ${t.rows}`);
    }
    for (const n of names) await client.query(`ALTER TABLE ${ident(n)} ENABLE TRIGGER USER`);
    for (const s of dump.sequences) {
      await client.query(
        `SELECT setval($1::regclass, GREATEST($2::bigint, COALESCE((SELECT max(${ident(s.column)})::bigint FROM ${ident(s.table)}), 1)), $3)`,
        [ident(s.name), s.lastValue, s.isCalled],
      );
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
