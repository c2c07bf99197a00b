import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { DEFAULT_PASSWORD } from '../bootstrap/journey.js';
import { type Client, createTestSystem, type TestSystem } from '../test-support/harness.js';
import { withRouteTable } from '../test-support/route-table.js';
import { usccCheckChar } from '../workflow/uscc.js';

/**
 * What the security tests (security-passwords, security-sessions, security-input — security.md
 * SEC-01…SEC-06, SEC-16, SEC-17) share: a system with its live route table, valid registrations,
 * and the problem+json shape every refusal must have.
 */

export interface LiveRoute {
  method: string;
  url: string;
  auth: unknown;
  allowPending: boolean;
}

/** A whole system on real PostgreSQL, and every route it registered (HEAD left out), read as Fastify adds them. */
export async function securitySystem(): Promise<{ sys: TestSystem; routes: LiveRoute[] }> {
  const { built: sys, routes } = await withRouteTable(() => createTestSystem({ now: '2024-08-26T10:00:00+08:00' }));
  const live = routes.flatMap((r) =>
    (Array.isArray(r.method) ? r.method : [r.method]).map((method) => ({
      method: String(method).toUpperCase(),
      url: r.url,
      auth: r.config?.auth,
      allowPending: !!r.config?.allowPending,
    })),
  );
  return { sys, routes: live.filter((r) => r.method !== 'HEAD') };
}

export const ADMIN_PASSWORD = 'Chief-Passw0rd!';
const CHINESE = /[\u4e00-\u9fff]/;

/** Counts up for unique USCCs (and names); one per test file, as each file has its own module instance. */
export const counter = { seq: 0 };

/** A valid Shanghai enterprise USCC, different each call. */
export function freshUscc(): string {
  counter.seq += 1;
  const first17 = `91310115MA${String(1000000 + counter.seq).slice(-7)}`;
  return first17 + usccCheckChar(first17);
}

export function registration(over: { username?: string; password?: string; organization?: Record<string, unknown> } = {}) {
  return {
    username: over.username ?? `user_${crypto.randomBytes(4).toString('hex')}`,
    password: over.password ?? DEFAULT_PASSWORD,
    organization: {
      name: '上海测试职业技能评价有限公司',
      uscc: freshUscc(),
      legalForm: 'enterprise',
      district: '310115',
      address: '浦东新区世纪大道100号',
      legalRepresentative: '张三',
      contactName: '李四',
      contactPhone: '13800138000',
      contactEmail: 'contact@example.cn',
      ...over.organization,
    },
  };
}

export function expectProblem(res: LightMyRequestResponse, status: number | number[], code?: string): Record<string, unknown> {
  const statuses = Array.isArray(status) ? status : [status];
  expect(statuses, `${res.statusCode} ${res.body}`).toContain(res.statusCode);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json() as Record<string, unknown>;
  expect(body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status: res.statusCode,
    detail: expect.any(String),
    code: expect.any(String),
  });
  if (code) expect(body.code).toBe(code);
  expect(body.detail as string).toMatch(CHINESE);
  expect(JSON.stringify(body)).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/); // never a stack trace (SEC-17)
  return body;
}

export function raw(client: Client, method: string, url: string, payload: string | Buffer, contentType = 'application/json') {
  return client.request(method, url, Buffer.isBuffer(payload) ? payload : Buffer.from(payload), { 'content-type': contentType });
}

export const sidOf = (c: Client) => c.cookie!.replace(/^sid=/, '');
