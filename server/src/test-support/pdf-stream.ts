import crypto from 'node:crypto';
import { Readable } from 'node:stream';

/**
 * A valid one-page PDF of exactly `total` bytes, produced as a stream (never held whole): the page's
 * content stream is padding made of PDF comment lines derived from `seed`, so every file differs.
 * Used for large and slow uploads (crash test, limits); pdf-lib parses it like any other PDF.
 */
export function pdfOfSize(total: number, seed = 'pdf'): { size: number; sha256: () => string; stream: (opts?: { chunk?: number }) => Readable } {
  const head = (n: number) => {
    const objs = [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    ];
    let s = '%PDF-1.4\n';
    const offsets: number[] = [];
    objs.forEach((o, i) => {
      offsets.push(s.length);
      s += `${i + 1} 0 obj\n${o}\nendobj\n`;
    });
    offsets.push(s.length);
    s += `4 0 obj\n<< /Length ${n} >>\nstream\n`;
    return { s, offsets };
  };
  const tail = (offsets: number[], xref: number) =>
    `\nendstream\nendobj\nxref\n0 5\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  // the padding length n shows in the header (digits) and in startxref: settle it by iteration
  let n = Math.max(0, total - 400);
  for (let i = 0; i < 5; i++) {
    const h = head(n);
    const t = tail(h.offsets, h.s.length + n + '\nendstream\nendobj\n'.length);
    n = total - h.s.length - t.length;
  }
  if (n < 0) throw new Error(`a PDF cannot be as small as ${total} bytes`);
  const h = head(n);
  const prefix = Buffer.from(h.s, 'latin1');
  const suffix = Buffer.from(tail(h.offsets, prefix.length + n + '\nendstream\nendobj\n'.length), 'latin1');
  if (prefix.length + n + suffix.length !== total) throw new Error('pdfOfSize: size did not settle');

  function padding(from: number, len: number): Buffer {
    // 64-byte lines: '%' + 62 hex characters + '\n'; each 64 KiB block repeats one line derived from
    // seed and block number — cheap enough to stream hundreds of MiB from a test client
    const BLOCK = 64 * 1024;
    const out = Buffer.alloc(len);
    let pos = 0;
    while (pos < len) {
      const at = from + pos;
      const block = Math.floor(at / BLOCK);
      const line = Buffer.from(`%${crypto.createHash('sha256').update(`${seed}:${block}`).digest('hex').slice(0, 62)}\n`, 'latin1');
      const take = Math.min(BLOCK - (at % BLOCK), len - pos);
      Buffer.alloc(BLOCK, line).copy(out, pos, at % BLOCK, (at % BLOCK) + take);
      pos += take;
    }
    return out;
  }

  const stream = (opts: { chunk?: number } = {}) => {
    const chunk = opts.chunk ?? 256 * 1024;
    let sent = 0;
    let stage = 0;
    return new Readable({
      read() {
        if (stage === 0) {
          stage = 1;
          return void this.push(prefix);
        }
        if (stage === 1) {
          if (sent < n) {
            const len = Math.min(chunk, n - sent);
            const buf = padding(sent, len);
            sent += len;
            return void this.push(buf);
          }
          stage = 2;
          return void this.push(suffix);
        }
        this.push(null);
      },
    });
  };
  return {
    size: total,
    stream,
    sha256: () => {
      const hash = crypto.createHash('sha256').update(prefix);
      for (let sent = 0; sent < n; sent += 1024 * 1024) hash.update(padding(sent, Math.min(1024 * 1024, n - sent)));
      return hash.update(suffix).digest('hex');
    },
  };
}

/** The whole of a small pdfOfSize, for app.inject. */
export async function pdfBuffer(total: number, seed = 'pdf'): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of pdfOfSize(total, seed).stream()) parts.push(c as Buffer);
  return Buffer.concat(parts);
}
