#!/usr/bin/env node
// Architecture rules as a check, not a hope (docs/decisions/0001):
//  - server/src/workflow imports only workflow/ and contract/ (pure: no Node modules, no I/O, no clock reads)
//  - server/src/platform never imports server/src/modules
//  - only *.repository.ts, *.queries.ts, *.service.ts, bootstrap/ and platform/ touch the database
//  - contract/ imports nothing but zod and itself
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
for (const file of walk(path.join(root, 'server/src/platform'))) {
  for (const spec of imports(file)) {
    if (spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(path.join(root, 'server/src/modules'))) {
      problems.push(`${rel(file)}: platform/ must not import modules/ ('${spec}')`);
    }
  }
}
for (const file of walk(path.join(root, 'server/src/modules'))) {
  if (/\.(repository|queries|service|commands|test)\.ts$/.test(file)) continue;
  const src = fs.readFileSync(file, 'utf8');
  // Kysely's builders, and raw SQL through its `sql` tag
  if (/\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql(<[^>]*>)?`/.test(src)) {
    // routes may only read through repositories; small reference reads are still allowed in registry.routes.ts
    if (!/registry\.routes\.ts$/.test(file)) problems.push(`${rel(file)}: SQL belongs in a *.repository.ts`);
  }
}
for (const file of walk(path.join(root, 'contract'))) {
  for (const spec of imports(file)) if (!spec.startsWith('.') && spec !== 'zod' && spec !== 'vitest') problems.push(`${rel(file)}: contract/ may import only zod, but imports '${spec}'`);
}

if (problems.length) {
  console.error(`Architecture boundaries broken (${problems.length}):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('architecture boundaries: ok');
