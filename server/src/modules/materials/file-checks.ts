import path from 'node:path';
import { PDFDocument } from 'pdf-lib';

/**
 * A PDF by content, not by name (四(一)): `%PDF-` in the first KiB, `%%EOF` and `startxref` at the
 * end, and not encrypted. These structural checks need only the first and last bytes the blob store
 * kept while streaming; `pdfParseProblem` goes further on files small enough to parse.
 */
export function pdfProblem(head: Buffer, tail: Buffer): string | null {
  const h = head.toString('latin1');
  if (!h.slice(0, 1024).includes('%PDF-')) return '文件不是 PDF（内容不以 %PDF- 开头），请上传 PDF 格式的扫描件或电子文档。';
  const t = tail.toString('latin1');
  if (!t.includes('%%EOF')) return 'PDF 文件不完整（缺少文件结尾标记），可能上传中断或文件已损坏，请重新导出后上传。';
  if (/\/Encrypt[\s/<\d]/.test(t) || /\/Encrypt[\s/<\d]/.test(h)) return encryptedMessage;
  if (!t.includes('startxref')) return 'PDF 文件结构不完整（缺少交叉引用表位置），文件可能已损坏，请重新导出后上传。';
  return null;
}

const encryptedMessage = 'PDF 文件已加密或设置了打开密码，评审人员无法查看，请取消加密后重新上传。';

/**
 * Parses the whole document with pdf-lib: a file that passes the structural checks may still be
 * broken inside (a damaged object, a cross-reference table pointing nowhere) or encrypted in a way
 * its trailer does not show. pdf-lib decodes no page content, so the cost grows with the number of
 * objects, not with the size of scanned images.
 */
export async function pdfParseProblem(bytes: Uint8Array): Promise<string | null> {
  try {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
    if (doc.isEncrypted) return encryptedMessage;
    if (doc.getPageCount() < 1) return 'PDF 文件没有任何页面，请检查后重新上传。';
    return null;
  } catch (err) {
    if (/encrypted/i.test((err as Error).message)) return encryptedMessage;
    return 'PDF 文件已损坏，无法解析（文件内部结构有误），请用 PDF 软件重新导出或重新扫描后上传。';
  }
}

export type ImageType = 'image/jpeg' | 'image/png';

/**
 * 现场考察照片: JPEG or PNG by magic bytes. JPEG: SOI (FF D8) followed by a marker; PNG: the
 * 8-byte signature, an IHDR first chunk, and IEND at the end (PNG allows nothing after it).
 */
export function imageType(head: Buffer, tail: Buffer): ImageType | { problem: string } {
  if (head.length >= 4 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff && head[3]! >= 0xc0) return 'image/jpeg';
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (head.length >= 16 && head.subarray(0, 8).equals(sig)) {
    if (head.subarray(12, 16).toString('latin1') !== 'IHDR' || !tail.includes(Buffer.from('IEND', 'latin1'))) {
      return { problem: 'PNG 图片不完整或已损坏，可能上传中断，请重新上传。' };
    }
    return 'image/png';
  }
  return { problem: '现场考察照片须为 JPEG 或 PNG 格式的图片（按文件内容识别），请转换格式后重新上传。' };
}

/** Keeps the visible name (Chinese included), drops any path and control characters. */
export function sanitizeFileName(raw: string | undefined, fallback = '材料.pdf'): string {
  const base = path.posix.basename(path.win32.basename(raw ?? ''));
  const clean = base
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return clean || fallback;
}

/** RFC 6266 / RFC 5987: an ASCII fallback plus the UTF-8 name for every browser. */
export function contentDisposition(fileName: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
