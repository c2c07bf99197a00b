/**
 * The OpenAPI document served at /api/v1/openapi.json, as an integrator meets it: it lints clean
 * under Redocly's recommended rules, every operation has a unique, stable operationId, the security
 * each route demands, its problem+json error answers, the content types of downloads and the upload's
 * multipart body — and a typed client generated from it (openapi-typescript) typechecks against a
 * small integration script, so the document cannot drift from the server unnoticed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../../../contract/errors.js';
import { Client, createTestSystem, type TestSystem } from '../../test-support/harness.js';

type Operation = {
  operationId?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
};
type Doc = { paths: Record<string, Record<string, Operation>>; components: Record<string, Record<string, unknown>>; tags?: { name: string }[] };

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
let sys: TestSystem;
let doc: Doc;

const operations = () => Object.entries(doc.paths).flatMap(([p, item]) => METHODS.filter((m) => item[m]).map((m) => ({ path: p, method: m, op: item[m]! })));

beforeAll(async () => {
  sys = await createTestSystem();
  doc = (await new Client(sys.app).get('/openapi.json')).json() as Doc;
}, 60_000);
afterAll(async () => sys?.close());

describe('the OpenAPI document', () => {
  it("lints clean under Redocly's recommended rules (0 errors, 0 warnings)", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
    const shown = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} @ ${p.location[0]?.pointer ?? ''}`);
    const errors = problems.filter((p) => p.severity === 'error').length;
    const byRule = new Map<string, number>();
    for (const p of problems) byRule.set(`${p.severity} ${p.ruleId}`, (byRule.get(`${p.severity} ${p.ruleId}`) ?? 0) + 1);
    console.log(`redocly recommended: ${errors} errors, ${problems.length - errors} warnings`, Object.fromEntries(byRule));
    if (process.env.OPENAPI_DUMP) fs.writeFileSync(process.env.OPENAPI_DUMP, JSON.stringify(doc, null, 2));
    expect(shown.slice(0, 30)).toEqual([]);
  });

  it('every operation has a unique verb-noun operationId and a tag', () => {
    const ids = operations().map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(
      operations()
        .filter((o) => !o.op.tags?.length)
        .map((o) => `${o.method} ${o.path}`),
    ).toEqual([]);
    // stable names for the operations integrators call first
    const id = (method: string, p: string) => doc.paths[p]?.[method]?.operationId;
    expect(id('get', '/api/v1/public/organizations')).toBe('listPublicOrganizations');
    expect(id('get', '/api/v1/public/filings/{receiptNo}')).toBe('getPublicFiling');
    expect(id('post', '/api/v1/auth/login')).toBe('postAuthLogin');
    expect(id('post', '/api/v1/applications')).toBe('createApplication');
    expect(id('post', '/api/v1/applications/{id}/submit')).toBe('postApplicationSubmit');
  });

  it('public operations need nothing; every other one the session cookie, and the CSRF header when it writes', () => {
    for (const { path: p, method, op } of operations()) {
      const sec = JSON.stringify(op.security);
      const isPublic = op.security?.length === 0 || (op.security?.length === 1 && Object.keys(op.security[0]!).length === 0);
      if (isPublic) continue;
      expect(sec, `${method} ${p}`).toContain('"session"');
      if (method !== 'get') expect(sec, `${method} ${p}`).toContain('"csrf"');
    }
    expect(doc.paths['/api/v1/public/organizations']!.get!.security).toEqual([]);
    expect(doc.paths['/api/v1/applications']!.get!.security).toEqual([{ session: [] }]);
    expect(doc.paths['/api/v1/applications']!.post!.security).toEqual([{ session: [], csrf: [] }]);
  });

  it('every error answer is problem+json with the codes of its status', () => {
    const problem = doc.components.schemas!.Problem as { properties: Record<string, { enum?: string[] }>; required: string[] };
    expect(problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'code']));
    expect(problem.properties.code!.enum!.sort()).toEqual(Object.keys(ERROR_STATUS).sort());
    for (const { path: p, method, op } of operations()) {
      const errors = Object.entries(op.responses).filter(([s]) => /^[45]/.test(s));
      expect(errors.length, `${method} ${p}`).toBeGreaterThan(0);
      for (const [status, r] of errors) {
        const resolved = '$ref' in r ? (doc.components.responses![(r.$ref as string).split('/').pop()!] as typeof r) : r;
        expect(Object.keys(resolved.content ?? {}), `${method} ${p} ${status}`).toEqual(['application/problem+json']);
      }
    }
    expect(Object.keys(doc.paths['/api/v1/applications']!.post!.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '409']));
  });

  it('downloads declare their content types; the upload its multipart body; logout takes no body', () => {
    const ok = (p: string, m = 'get') => Object.keys(doc.paths[p]![m]!.responses['200']!.content ?? {});
    expect(ok('/api/v1/filings/{receiptNo}/receipt.pdf')).toEqual(['application/pdf']);
    expect(ok('/api/v1/applications/{id}/form.pdf')).toEqual(['application/pdf']);
    expect(ok('/api/v1/reports/national-batches/{id}.xlsx')).toEqual(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    const upload = doc.paths['/api/v1/applications/{id}/materials']!.post!.requestBody!;
    expect(Object.keys(upload.content)).toEqual(['multipart/form-data']);
    expect(JSON.stringify(upload.content['multipart/form-data']!.schema)).toContain('"binary"');
    expect(doc.paths['/api/v1/auth/logout']!.post!.requestBody).toBeUndefined();
  });

  it("a typed client generated from it (openapi-typescript) typechecks an integrator's script", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-client-'));
    try {
      fs.writeFileSync(path.join(dir, 'api.d.ts'), astToString(await openapiTS(doc as never)));
      fs.writeFileSync(path.join(dir, 'integrator.ts'), INTEGRATOR);
      fs.writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', skipLibCheck: true, types: [] },
          files: ['integrator.ts'],
        }),
      );
      const tsc = path.resolve(import.meta.dirname, '../../../../node_modules/typescript/bin/tsc');
      const r = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
      expect(r.stdout + r.stderr).toBe('');
      expect(r.status).toBe(0);
      // and the check has teeth: an operation or a field the document does not have is a type error
      // (were the generated types loose — any, an index signature — this would compile)
      fs.writeFileSync(path.join(dir, 'drift.ts'), DRIFT);
      fs.writeFileSync(path.join(dir, 'tsconfig.drift.json'), JSON.stringify({ extends: './tsconfig.json', files: ['drift.ts'] }));
      const drift = spawnSync(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.drift.json')], { encoding: 'utf8' });
      expect(drift.status).not.toBe(0);
      expect(drift.stdout).toContain("'listPublicOrganisations'");
      expect(drift.stdout).toContain("'notAField'");
      expect(drift.stdout).toContain('"SUCH_CODE_NEVER"');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** What an integrator gets wrong: an operation, a field of an answer and an error code the document does not have. */
const DRIFT = `
import type { operations, components } from './api.js';

type Directory = operations['listPublicOrganisations'];
export function verdict(v: operations['getPublicFiling']['responses'][200]['content']['application/json']): unknown {
  return v.notAField;
}
export const code: components['schemas']['Problem']['code'] = 'SUCH_CODE_NEVER';
export type { Directory };
`;

/** What an integrator writes against the generated types: names of operations, fields of answers and of problems. */
const INTEGRATOR = `
import type { operations, components } from './api.js';

type DirectoryAnswer = operations['listPublicOrganizations']['responses'][200]['content']['application/json'];
type Verification = operations['getPublicFiling']['responses'][200]['content']['application/json'];
type Problem = components['schemas']['Problem'];
type LoginBody = NonNullable<operations['postAuthLogin']['requestBody']>['content']['application/json'];

export function names(d: DirectoryAnswer): string[] {
  return d.items.map((o) => o.name + ' ' + o.uscc + ' ' + o.filings.map((f) => f.receiptNo).join(','));
}
export function verdict(v: Verification): boolean {
  return v.valid;
}
export function explain(p: Problem): string {
  const code: Problem['code'] = p.code;
  return code === 'NOT_FOUND' ? p.detail : p.title + (p.clause ?? '');
}
export const login: LoginBody = { username: 'demo_org', password: 'x' };
`;
