import crypto from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

/** The subset of a response the journeys and tests read (light-my-request's shape). */
export type ClientResponse = Pick<LightMyRequestResponse, 'statusCode' | 'body' | 'json' | 'headers' | 'rawPayload'>;

/**
 * A signed-in HTTP client: keeps the cookie and sends the CSRF token. Over `app.inject` for an
 * in-process app, or over real HTTP (fetch) for a server given by its base URL — the same journeys
 * drive both, so multi-process tests reuse them.
 */
export class Client {
  cookie?: string;
  csrf?: string;
  constructor(readonly app: FastifyInstance | string) {}

  async request(method: InjectOptions['method'], url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    // root-level endpoints (liveness, metrics) are not under the API prefix
    const bare = url.split('?')[0];
    const path = url.startsWith('/api') || bare === '/health' || bare === '/metrics' ? url : `/api/v1${url}`;
    const allHeaders: Record<string, string> = {
      ...(this.cookie ? { cookie: this.cookie } : {}),
      ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
      ...(body !== undefined && !(body instanceof Buffer) ? { 'content-type': 'application/json' } : {}),
      ...headers,
    };
    const payload = body === undefined ? undefined : body instanceof Buffer ? body : JSON.stringify(body);
    if (typeof this.app === 'string') return this.overHttp(this.app, String(method), path, allHeaders, payload);
    const res = await this.app.inject({ method, url: path, headers: allHeaders, ...(payload !== undefined ? { payload } : {}) });
    const set = res.cookies.find((c) => c.name === 'sid');
    if (set) this.cookie = set.value ? `sid=${set.value}` : undefined;
    return res;
  }

  private async overHttp(
    base: string,
    method: string,
    path: string,
    headers: Record<string, string>,
    payload?: string | Buffer,
  ): Promise<LightMyRequestResponse> {
    const res = await fetch(`${base}${path}`, { method, headers, body: payload as BodyInit | undefined });
    const raw = Buffer.from(await res.arrayBuffer());
    const set = res.headers.get('set-cookie');
    if (set?.startsWith('sid=')) {
      const value = set.split(';')[0]!.slice(4);
      this.cookie = value ? `sid=${value}` : undefined;
    }
    const text = raw.toString('utf8');
    const response: ClientResponse = {
      statusCode: res.status,
      body: text,
      rawPayload: raw,
      headers: Object.fromEntries(res.headers.entries()),
      json: () => JSON.parse(text),
    };
    return response as LightMyRequestResponse;
  }

  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', url, body ?? {}, headers);
  }
  patch(url: string, body: unknown, headers?: Record<string, string>) {
    return this.request('PATCH', url, body, headers);
  }
  put(url: string, body: unknown) {
    return this.request('PUT', url, body);
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }

  async login(username: string, password: string): Promise<LightMyRequestResponse> {
    const res = await this.post('/auth/login', { username, password });
    if (res.statusCode === 200) this.csrf = res.json().csrfToken;
    return res;
  }

  /** Uploads a file as multipart/form-data (fields first, then the file). */
  async upload(url: string, fields: Record<string, string>, file: { name: string; content: Buffer; type?: string }) {
    const boundary = `----shsp${crypto.randomBytes(8).toString('hex')}`;
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries(fields)) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    }
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/pdf'}\r\n\r\n`,
      ),
    );
    parts.push(file.content, Buffer.from(`\r\n--${boundary}--\r\n`));
    return this.request('POST', url, Buffer.concat(parts), { 'content-type': `multipart/form-data; boundary=${boundary}` });
  }
}

/** A small but real PDF (header, one page, xref, trailer, %%EOF). */
export function samplePdf(label = 'sample'): Buffer {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
  ];
  const stream = `BT /F1 12 Tf 72 720 Td (${label.replace(/[()\\]/g, '')}) Tj ET`;
  objs.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
