import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ERROR_STATUS, ERROR_TITLES, type ErrorCode } from '../../../../contract/errors.js';
import { Refusal } from '../../workflow/refusal.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';

/** RFC 9457 problem details, with the stable `code` and (when a rule of the notice refused) `clause`. */
export function sendProblem(reply: FastifyReply, code: ErrorCode, detail: string, clause?: string, extra: Record<string, unknown> = {}) {
  const status = ERROR_STATUS[code];
  return reply
    .status(status)
    .type('application/problem+json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send({
      type: `urn:shsp:problem:${code.toLowerCase().replace(/_/g, '-')}`,
      title: ERROR_TITLES[code],
      status,
      detail,
      code,
      ...(clause ? { clause } : {}),
      ...extra,
    });
}

const FIELD_NAMES: Record<string, string> = {
  username: '用户名',
  password: '密码',
  newPassword: '新密码',
  uscc: '统一社会信用代码',
  name: '名称',
  levels: '等级',
  district: '所在区',
  address: '地址',
  legalForm: '单位类型',
  campaignId: '征集批次',
  items: '申报项目',
  sites: '考核点',
  decision: '决定',
  reason: '理由',
  comment: '意见',
  content: '异议内容',
  phone: '联系电话',
  contactPhone: '联系电话',
  contactEmail: '电子邮箱',
  contactName: '联系人',
  legalRepresentative: '法定代表人',
  industryAuthority: '行业主管部门',
};

function describePath(path: readonly PropertyKey[]): string {
  const shown = path.map((p) => (typeof p === 'number' ? `第${p + 1}项` : (FIELD_NAMES[String(p)] ?? String(p))));
  return shown.length ? shown.join(' › ') : '请求';
}

interface ZodIssueLike {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  keys?: string[];
  expected?: string;
  values?: unknown[];
  maximum?: unknown;
  minimum?: unknown;
}

const HAS_CJK = /[\u4e00-\u9fff]/;

function issueToChinese(i: ZodIssueLike): string {
  const where = describePath(i.path);
  // a schema's own Chinese message says it best
  if (HAS_CJK.test(i.message)) return `${where}：${i.message}`;
  switch (i.code) {
    case 'unrecognized_keys':
      return `${where}含有不允许的字段：${(i.keys ?? []).join('、')}，请删除后重试`;
    case 'invalid_type':
      return i.message.includes('received undefined') || /required/i.test(i.message)
        ? `缺少必填项：${where}`
        : `${where}的类型不正确（应为 ${i.expected ?? '规定类型'}）`;
    case 'invalid_value':
    case 'invalid_enum_value':
      return `${where}的取值无效，可选值：${(i.values ?? []).map(String).join('、')}`;
    case 'too_big':
      return `${where}超出上限（${String(i.maximum)}）`;
    case 'too_small':
      return `${where}不能少于 ${String(i.minimum)}${i.path.length ? '' : ''}`;
    case 'invalid_format':
    case 'invalid_string':
      return `${where}的格式不正确`;
    default:
      return `${where}：${i.message}`;
  }
}

export function zodIssuesToDetail(issues: readonly ZodIssueLike[]): { detail: string; errors: { path: string; message: string }[] } {
  const errors = issues.map((i) => ({ path: i.path.map(String).join('.'), message: issueToChinese(i) }));
  return { detail: errors.map((e) => e.message).join('；') + '。', errors };
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { validation?: unknown }, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof Refusal) {
      return sendProblem(reply, err.code, err.detail, err.clause, err.extra);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues: ZodIssueLike[] = err.validation.map((v) => ({
        ...(v.params as Omit<ZodIssueLike, 'code' | 'path' | 'message'>),
        code: v.keyword,
        path: v.instancePath
          .split('/')
          .filter(Boolean)
          .map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
        message: v.message ?? '',
      }));
      const { detail, errors } = zodIssuesToDetail(issues);
      return sendProblem(reply, 'VALIDATION_FAILED', detail, undefined, { errors });
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err, cause: err.cause }, 'response did not match its schema');
      return sendProblem(reply, 'INTERNAL', '系统内部错误，请稍后重试；如持续出现请联系市职鉴中心。');
    }
    const status = err.statusCode ?? 500;
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendProblem(reply, 'VALIDATION_FAILED', '请求内容过大，请精简后重试。');
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendProblem(reply, 'VALIDATION_FAILED', '不支持的请求格式，请以 JSON（application/json）提交。');
    if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return sendProblem(reply, 'VALIDATION_FAILED', '请求体为空，请提交 JSON 内容。');
    if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (err instanceof SyntaxError && status === 400)) {
      return sendProblem(reply, 'VALIDATION_FAILED', '请求体不是有效的 JSON，请检查格式后重试。');
    }
    if (err.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') return sendProblem(reply, 'VALIDATION_FAILED', '请求长度与内容不符。');
    if (status === 429) return sendProblem(reply, 'RATE_LIMITED', '操作过于频繁，请稍后再试。');
    if (status === 413) return sendProblem(reply, 'FILE_TOO_LARGE', '上传内容超过大小上限，请压缩或拆分后重新上传。');
    if (err.code === 'FST_PARTS_LIMIT' || err.code === 'FST_FILES_LIMIT' || err.code === 'FST_FIELDS_LIMIT') {
      return sendProblem(reply, 'VALIDATION_FAILED', '一次只能上传一个文件，且表单字段过多；请只提交 kind、itemId 与 file。');
    }
    if (err.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return sendProblem(reply, 'VALIDATION_FAILED', '请以 multipart/form-data 上传文件。');
    if (status >= 400 && status < 500) {
      return sendProblem(reply, 'VALIDATION_FAILED', '请求无法处理，请检查后重试。');
    }
    const pgCode = String((err as { code?: string }).code ?? '');
    if (pgCode === '40P01' || pgCode === '40001') {
      // a deadlock or serialization failure: nothing was written; the same request can simply be sent again
      return sendProblem(reply, 'CONFLICT', '系统同时处理了相互冲突的操作，本次操作未生效，请重试。');
    }
    if (pgCode === '23505') return sendProblem(reply, 'DUPLICATE', '记录已存在，请勿重复提交。');
    if (isDatabaseUnavailable(err)) {
      request.log.warn({ err }, 'database unavailable');
      return sendProblem(reply, 'SERVICE_UNAVAILABLE', '系统暂时无法访问数据库，请稍后重试；您已填写的内容不会丢失。');
    }
    request.log.error({ err }, 'unhandled error');
    return sendProblem(reply, 'INTERNAL', '系统内部错误，请稍后重试；如持续出现请联系市职鉴中心。');
  });

  app.setNotFoundHandler((request, reply) => sendProblem(reply, 'NOT_FOUND', `没有这个地址：${request.method} ${request.url.split('?')[0]}`));
}
