import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { MATERIAL_KINDS } from '../../../../contract/enums.js';
import { ERROR_STATUS, ERROR_TITLES, type ErrorCode } from '../../../../contract/errors.js';
import type { RouteAuth } from './types.js';

/**
 * The OpenAPI 3.1 document (/api/v1/openapi.json) made from the very schemas that validate requests,
 * completed here once for every route rather than in each module's routes file:
 * - `operationId` from the method and the path: get/list/create/update/set/delete/post + the path's
 *   nouns (a noun before a path parameter in the singular), e.g. GET /public/filings/{receiptNo} →
 *   getPublicFiling, GET /public/organizations → listPublicOrganizations, POST /applications →
 *   createApplication, POST /applications/{id}/submit → postApplicationSubmit;
 * - `security` from the route's `config.auth`: public routes none, others the session cookie, and the
 *   X-CSRF-Token header for every write;
 * - the problem+json error answers (RFC 9457, `code` of contract/errors.ts) each operation can give:
 *   400, 500 and 503 (database unreachable) always, 401/403 unless public, 404 with a path parameter, 409/422 for writes, 429
 *   where rate-limited, 413/415 for the upload;
 * - the content type of every download (`produces`, or what the material download sends), the
 *   multipart body of the upload, no body where the route takes none (an empty strict object).
 */

type Json = Record<string, unknown>;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface RouteMeta {
  auth?: RouteAuth;
  rateLimited: boolean;
  produces?: string[];
  multipart: boolean;
  emptyBody: boolean;
}

/** Downloads whose route does not declare `produces` (the stored file's own type). */
const DOWNLOADS: Record<string, string[]> = {
  'GET /api/v1/applications/{id}/materials/{materialId}': ['application/pdf', 'image/jpeg', 'image/png'],
};

const TAGS: Record<string, string> = {
  public: '公开查询（无须登录）：名录、公示与异议、备案回执核验、透明日志',
  accounts: '注册、登录、会话与账号',
  campaigns: '征集批次与项目范围',
  calendar: '工作日安排',
  authorities: '行业主管部门名录',
  applications: '申报与评估流程',
  materials: '申报材料上传与下载',
  publicity: '公示与异议处理',
  filings: '备案（暂停、恢复、撤销）',
  documents: '系统生成的文书（PDF）',
  reports: '报表与报备国家中心',
  statistics: '统计',
  notifications: '站内消息',
  audit: '审计日志',
  system: '系统状态与运维',
};

const singular = (w: string) =>
  w.endsWith('ies')
    ? `${w.slice(0, -3)}y`
    : /(ch|sh|ss|x)es$/.test(w)
      ? w.slice(0, -2)
      : w.endsWith('s') && !w.endsWith('ss') && w !== 'statistics'
        ? w.slice(0, -1)
        : w;
const pascal = (w: string) =>
  w
    .split(/[-_.]/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');

/** GET /api/v1/public/filings/{receiptNo} → getPublicFiling (see above). */
export function operationIdOf(method: string, url: string): string {
  const segments = url
    .replace(/^\/api\/v1\//, '')
    .split('/')
    .filter(Boolean);
  const nouns: string[] = [];
  let endsWithParam = false;
  segments.forEach((seg, i) => {
    const isParam = seg.startsWith(':') || seg.startsWith('{');
    endsWithParam = isParam;
    if (isParam) {
      // a parameter with an extension (national-batches/{id}.xlsx) names the file's kind
      const ext = /\.([a-z]+)$/.exec(seg)?.[1];
      if (ext) {
        endsWithParam = false;
        nouns.push(pascal(ext));
      }
      return;
    }
    const next = segments[i + 1];
    const beforeParam = next !== undefined && (next.startsWith(':') || next.startsWith('{'));
    nouns.push(pascal(beforeParam ? singular(seg) : seg));
  });
  const last = segments.at(-1) ?? '';
  const collection = !endsWithParam && /[a-z]s$/.test(last) && !last.includes('.') && last !== 'statistics';
  const m = method.toLowerCase();
  let verb: string;
  if (m === 'get') verb = endsWithParam || !collection ? 'get' : 'list';
  else if (m === 'post' && collection) verb = 'create';
  else verb = ({ post: 'post', put: 'set', patch: 'update', delete: 'delete' } as Record<string, string>)[m] ?? m;
  // create/update/delete name the thing (createApplication), list the collection (listApplications)
  if ((verb === 'create' || verb === 'delete' || verb === 'update') && nouns.length) nouns[nouns.length - 1] = singular(nouns.at(-1)!);
  return verb + nouns.join('');
}

const statusOf = (codes: readonly ErrorCode[]) => ERROR_STATUS[codes[0]!];
const CODES_BY_STATUS = new Map<number, ErrorCode[]>();
for (const code of Object.keys(ERROR_STATUS) as ErrorCode[]) {
  CODES_BY_STATUS.set(ERROR_STATUS[code], [...(CODES_BY_STATUS.get(ERROR_STATUS[code]) ?? []), code]);
}

/** components.responses.ProblemNNN: problem+json with the codes of that status. */
function problemResponses(): Json {
  const out: Json = {};
  for (const [status, codes] of [...CODES_BY_STATUS].sort((a, b) => a[0] - b[0])) {
    out[`Problem${status}`] = {
      description: codes.map((c) => `${c}（${ERROR_TITLES[c]}）`).join('；'),
      content: {
        'application/problem+json': {
          schema: {
            allOf: [
              { $ref: '#/components/schemas/Problem' },
              { type: 'object', properties: { status: { const: statusOf(codes) }, code: { type: 'string', enum: codes } } },
            ],
          },
        },
      },
    };
  }
  return out;
}

function errorStatuses(method: Method, path: string, meta: RouteMeta | undefined): number[] {
  const s = new Set<number>([400, 500, 503]);
  if (meta?.auth && meta.auth !== 'public') [401, 403].forEach((c) => s.add(c));
  if (path.includes('{')) s.add(404);
  if (method !== 'get') [409, 422].forEach((c) => s.add(c));
  if (meta?.rateLimited) s.add(429);
  if (meta?.multipart) [413, 415].forEach((c) => s.add(c));
  return [...s].sort((a, b) => a - b);
}

/** Removes the component schemas nothing refers to (zod's input twins of output-only schemas, …). */
function dropUnused(doc: Json): void {
  const components = doc.components as { schemas?: Json };
  if (!components.schemas) return;
  for (;;) {
    const { schemas, ...rest } = doc.components as Json;
    const seen = JSON.stringify({ ...doc, components: rest }) + JSON.stringify(schemas);
    let removed = false;
    for (const name of Object.keys(components.schemas)) {
      const ref = `"#/components/schemas/${name}"`;
      const own = JSON.stringify(components.schemas[name]);
      const uses = seen.split(ref).length - 1 - (own.split(ref).length - 1);
      if (uses === 0) {
        delete components.schemas[name];
        removed = true;
      }
    }
    if (!removed) return;
  }
}

export function openapiOptions(): FastifyDynamicSwaggerOptions {
  const meta = new Map<string, RouteMeta>();
  const keyOf = (method: string, url: string) => `${method.toUpperCase()} ${url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '社会培训评价组织征集遴选 API',
        version: '1.0.0',
        description:
          '沪人社职〔2024〕270号 — HTTP API v1。错误一律以 application/problem+json（RFC 9457）答复，`code` 为稳定的错误代码，`clause` 为所依据的通知条款。写操作须带会话 Cookie 与 X-CSRF-Token 请求头（GET /auth/me 返回 csrfToken）。',
        license: { name: '仅供本系统对接使用（Proprietary）', identifier: 'LicenseRef-Proprietary' },
      },
      servers: [{ url: '/', description: '本系统（页面与 API 同一地址）' }],
      tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'sid', description: '登录后的会话 Cookie（生产环境名为 __Host-sid）' },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: '写操作（POST/PUT/PATCH/DELETE）须带，取自 GET /auth/me 的 csrfToken' },
        },
      },
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const schema = out.schema as Json | undefined;
      if (!schema || schema.hide) return out;
      const route = input.route as { method: string | string[]; config?: { auth?: RouteAuth; rateLimit?: unknown } };
      const method = (Array.isArray(route.method) ? route.method[0]! : route.method).toUpperCase();
      const body = schema.body as Json | undefined;
      const consumes = schema.consumes as string[] | undefined;
      const auth = route.config?.auth;
      meta.set(keyOf(method, out.url), {
        auth,
        rateLimited: Boolean(route.config?.rateLimit),
        produces: schema.produces as string[] | undefined,
        multipart: Boolean(consumes?.includes('multipart/form-data')),
        emptyBody: Boolean(
          body && body.type === 'object' && Object.keys((body.properties as Json | undefined) ?? {}).length === 0 && body.additionalProperties === false,
        ),
      });
      const next: Json = { ...schema, operationId: operationIdOf(method, out.url) };
      next.security = !auth || auth === 'public' ? [] : method === 'GET' || method === 'HEAD' ? [{ session: [] }] : [{ session: [], csrf: [] }];
      if (meta.get(keyOf(method, out.url))!.emptyBody) delete next.body;
      return { ...out, schema: next };
    },
    transformObject: (input) => {
      const doc = jsonSchemaTransformObject(input) as Json;
      const components = doc.components as { schemas: Json; responses?: Json };
      components.responses = { ...(components.responses ?? {}), ...problemResponses() };
      const problem = components.schemas.Problem as { properties: Record<string, Json> } | undefined;
      if (problem) problem.properties.code = { type: 'string', enum: Object.keys(ERROR_STATUS), description: '稳定的错误代码（见各状态码的说明）' };
      const paths = doc.paths as Record<string, Partial<Record<Method, Json>>>;
      for (const [path, item] of Object.entries(paths)) {
        for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
          const op = item[method];
          if (!op) continue;
          const key = `${method.toUpperCase()} ${path}`;
          const m = meta.get(key);
          const responses = op.responses as Record<string, Json>;
          // a download: its 2xx answer is the file, of the type(s) the route sends
          const files = DOWNLOADS[key] ?? m?.produces;
          const ok = Object.keys(responses).find((s) => s.startsWith('2'));
          if (files && (!ok || !responses[ok]!.content || ok === '200')) {
            const described = ok ? responses[ok] : undefined;
            const jsonSchema = (described?.content as Record<string, { schema?: Json }> | undefined)?.[
              Object.keys((described?.content as Json | undefined) ?? {})[0] ?? ''
            ]?.schema;
            responses['200'] = {
              description: typeof op.summary === 'string' ? op.summary : '文件',
              content: Object.fromEntries(
                files.map((t) => [t, { schema: t.startsWith('text/') && jsonSchema?.type === 'string' ? jsonSchema : { type: 'string', format: 'binary' } }]),
              ),
            };
          }
          if (m?.multipart && !op.requestBody) {
            op.requestBody = {
              required: true,
              content: {
                'multipart/form-data': {
                  schema: {
                    type: 'object',
                    required: ['kind', 'file'],
                    properties: {
                      kind: { type: 'string', enum: [...MATERIAL_KINDS], description: '材料类别' },
                      itemId: { type: 'string', format: 'uuid', description: '申报项目（样卷等按项目的材料）' },
                      siteId: { type: 'string', format: 'uuid', description: '考核点（现场考察照片）' },
                      file: { type: 'string', format: 'binary', description: '文件：PDF；照片为 JPEG/PNG' },
                    },
                  },
                  encoding: { file: { contentType: 'application/pdf, image/jpeg, image/png' } },
                },
              },
            };
          }
          for (const status of errorStatuses(method, path, m)) {
            responses[String(status)] ??= { $ref: `#/components/responses/Problem${status}` };
          }
          for (const r of Object.values(responses))
            if (r.description === 'Default Response') r.description = typeof op.summary === 'string' ? op.summary : '成功';
        }
      }
      dropUnused(doc);
      return doc;
    },
  };
}
