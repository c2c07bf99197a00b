/**
 * The one way the web talks to API v1: JSON over fetch with the session cookie, the CSRF header on
 * every state-changing call (token from login or GET /auth/me), and problem+json (RFC 9457) turned
 * into an ApiError that pages show next to the field or action it concerns, with the notice clause.
 * Uploads go through XMLHttpRequest for per-file progress.
 */
import type { Blocker, Problem } from './types';
import { zh } from './i18n';
import { libMessages } from './messages';

const t = zh(libMessages);

export const API_BASE = '/api/v1';

let csrfToken: string | undefined;
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
    this.problem = problem;
  }
  get status(): number {
    return this.problem.status;
  }
  get code(): string {
    return this.problem.code;
  }
  get clause(): string | undefined {
    return this.problem.clause;
  }
  get blockers(): Blocker[] {
    return this.problem.blockers ?? [];
  }
}

function networkProblem(): Problem {
  return {
    type: 'urn:shsp:problem:network',
    title: t('networkTitle'),
    status: 0,
    code: 'NETWORK',
    detail: t('networkDetail'),
  };
}

function unknownProblem(status: number): Problem {
  return {
    type: 'about:blank',
    title: t('failedTitle'),
    status,
    code: status >= 500 ? 'INTERNAL' : 'UNKNOWN',
    detail: status >= 500 ? t('serverDetail') : t('statusDetail', { status }),
  };
}

async function problemOf(res: Response): Promise<Problem> {
  try {
    const body = (await res.json()) as Partial<Problem>;
    if (body && typeof body.code === 'string' && typeof body.detail === 'string') return body as Problem;
  } catch {
    /* not JSON */
  }
  return unknownProblem(res.status);
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Query;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...opts.headers };
  if (method !== 'GET') {
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
    headers['content-type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(API_BASE + withQuery(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      signal: opts.signal,
      body: method === 'GET' ? undefined : JSON.stringify(opts.body ?? {}),
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(networkProblem());
  }
  if (!res.ok) throw new ApiError(await problemOf(res));
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const get = <T>(path: string, query?: Query, signal?: AbortSignal) => api<T>(path, { query, signal });
export const post = <T>(path: string, body?: unknown) => api<T>(path, { method: 'POST', body });
export const put = <T>(path: string, body?: unknown) => api<T>(path, { method: 'PUT', body });
export const patch = <T>(path: string, body?: unknown, headers?: Record<string, string>) => api<T>(path, { method: 'PATCH', body, headers });
export const del = <T>(path: string) => api<T>(path, { method: 'DELETE' });

/** A link the browser downloads with its session cookie (PDFs, spreadsheets, materials). */
export const downloadHref = (path: string, query?: Query) => API_BASE + withQuery(path, query);

export interface UploadHandle<T> {
  promise: Promise<T>;
  abort(): void;
}

/** multipart upload with progress (0–1) — XMLHttpRequest, because fetch reports no upload progress. */
export function upload<T>(path: string, fields: Record<string, string | undefined>, file: File, onProgress: (fraction: number) => void): UploadHandle<T> {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<T>((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) form.append(k, v);
    form.append('file', file, file.name);
    xhr.open('POST', API_BASE + path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as T);
      } else {
        const p = body as Partial<Problem> | undefined;
        reject(new ApiError(p && typeof p.code === 'string' ? (p as Problem) : unknownProblem(xhr.status)));
      }
    };
    xhr.onerror = () => reject(new ApiError(networkProblem()));
    xhr.onabort = () => reject(new ApiError({ ...networkProblem(), code: 'ABORTED', title: t('abortedTitle'), detail: t('abortedDetail') }));
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}
