#!/usr/bin/env node
// Architecture rules as a check, not a hope (docs/decisions/0001, 0015):
//  1. server/src/workflow imports only workflow/ and contract/ (pure: no Node modules, no I/O, no clock reads)
//  2. server/src/platform never imports server/src/modules
//  3. SQL only in *.repository.ts, platform/ and bootstrap/ (tests and their helpers aside) — no file is exempt
//  4. a module's *.repository.ts is private to it: another module uses that module's service; a
//     repository is the bottom of its module (it imports no service, routes or commands)
//  5. routes parse, authorise and delegate: a *.routes.ts imports no repository and no database handle
//  6. no cycles between modules (module A imports B, B imports … A), type-only imports included
//  7. contract/ imports nothing but zod and itself
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const problems = [];

function walk(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

function imports(file) {
  const src = fs.readFileSync(file, 'utf8');
  return [...src.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

const rel = (f) => path.relative(root, f);
const under = (file, dir) => file.startsWith(path.join(root, dir) + path.sep);
const isTestCode = (file) => /\.test\.ts$|test-fixtures\.ts$/.test(file) || under(file, 'server/src/journeys') || under(file, 'server/src/test-support');

// 1. pure workflow
for (const file of walk(path.join(root, 'server/src/workflow'))) {
  const isTest = file.endsWith('.test.ts') || file.endsWith('test-fixtures.ts');
  for (const spec of imports(file)) {
    if (isTest && spec === 'vitest') continue;
    const target = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : spec;
    const ok = spec.startsWith('.') && (target.startsWith(path.join(root, 'server/src/workflow')) || target.startsWith(path.join(root, 'contract')));
    if (!ok) problems.push(`${rel(file)}: workflow/ must stay pure, but imports '${spec}'`);
  }
  if (!isTest) {
    const src = fs.readFileSync(file, 'utf8');
    if (/new Date\(\s*\)|Date\.now\(\)/.test(src)) problems.push(`${rel(file)}: workflow/ must not read the clock (use the injected 'now')`);
  }
}

// 2. platform below modules
for (const file of walk(path.join(root, 'server/src/platform'))) {
  for (const spec of imports(file)) {
    if (spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(path.join(root, 'server/src/modules'))) {
      problems.push(`${rel(file)}: platform/ must not import modules/ ('${spec}')`);
    }
  }
}

// 3. SQL only in repositories (and platform/, bootstrap/)
// Kysely's builders, raw SQL through its `sql` tag or helpers, the pg driver itself — and a query
// built further on a builder a repository handed out (a transaction's `.execute(` is a service's own)
const SQL = [
  /\.(selectFrom|selectNoFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto|executeQuery)\(/,
  /\bsql(<[^>]*>)?`|\bsql\.(raw|ref|id|lit|table|join|val)\(|from\s+['"]pg['"]/,
  /\.(where|whereRef|having|orderBy|groupBy|innerJoin|leftJoin|forUpdate|returning|returningAll|onConflict|executeTakeFirst|executeTakeFirstOrThrow)\(/,
];
for (const file of walk(path.join(root, 'server/src'))) {
  if (file.endsWith('.repository.ts') || under(file, 'server/src/platform') || under(file, 'server/src/bootstrap') || isTestCode(file)) continue;
  const src = fs.readFileSync(file, 'utf8');
  if (SQL.some((re) => re.test(src)))
    problems.push(`${rel(file)}: SQL belongs in a *.repository.ts (routes parse, authorise and delegate; services hold use cases)`);
}

// 4, 5 and 6. module privacy, thin routes, no cycles between modules
const modulesDir = path.join(root, 'server/src/modules');
const moduleOf = (file) => (under(file, 'server/src/modules') ? path.relative(modulesDir, file).split(path.sep)[0] : null);
const edges = new Map(); // module → Map(module → first file that imports it)
for (const file of walk(modulesDir)) {
  if (isTestCode(file)) continue;
  const from = moduleOf(file);
  for (const spec of imports(file)) {
    if (!spec.startsWith('.')) continue;
    const target = path.resolve(path.dirname(file), spec);
    if (file.endsWith('.repository.ts') && /\.(service|routes|commands)(\.js|\.ts)?$/.test(target)) {
      problems.push(`${rel(file)}: imports '${spec}' — a repository holds SQL only; the service above it composes`);
    }
    if (file.endsWith('.routes.ts') && (/\.repository(\.js|\.ts)?$/.test(target) || target.startsWith(path.join(root, 'server/src/platform/db') + path.sep))) {
      problems.push(`${rel(file)}: imports '${spec}' — routes parse, authorise and delegate to a service; they do not reach the database`);
    }
    const to = moduleOf(target);
    if (!to || to === from) continue;
    if (/\.repository(\.js|\.ts)?$/.test(target))
      problems.push(`${rel(file)}: imports '${spec}' — another module's repository is private to it; use its service`);
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, rel(file));
  }
}
// Tarjan's strongly connected components: every component of more than one module is a cycle
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
let counter = 0;
function connect(v) {
  index.set(v, counter);
  low.set(v, counter++);
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!index.has(w)) {
      connect(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
  }
  if (low.get(v) === index.get(v)) {
    const scc = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1) {
      const members = new Set(scc);
      const via = [];
      for (const a of [...scc].sort()) for (const [b, f] of edges.get(a) ?? []) if (members.has(b)) via.push(`${a} → ${b} (${f})`);
      problems.push(`modules import each other in a cycle: ${via.join('; ')}`);
    }
  }
}
for (const v of [...edges.keys()].sort()) if (!index.has(v)) connect(v);

// 7. contract
for (const file of walk(path.join(root, 'contract'))) {
  for (const spec of imports(file))
    if (!spec.startsWith('.') && spec !== 'zod' && spec !== 'vitest') problems.push(`${rel(file)}: contract/ may import only zod, but imports '${spec}'`);
}

if (problems.length) {
  console.error(`Architecture boundaries broken (${problems.length}):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('architecture boundaries: ok');
