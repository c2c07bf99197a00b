import path from 'node:path';

/** A PDF by content, not by name: `%PDF-` in the first KiB, `%%EOF` in the last, and not encrypted. */
export function pdfProblem(head: Buffer, tail: Buffer): string | null {
  const h = head.toString('latin1');
  if (!h.slice(0, 1024).includes('%PDF-')) return '文件不是 PDF（内容不以 %PDF- 开头），请上传 PDF 格式的扫描件或电子文档。';
  const t = tail.toString('latin1');
  if (!t.includes('%%EOF')) return 'PDF 文件不完整（缺少文件结尾标记），可能上传中断或文件已损坏，请重新导出后上传。';
  if (/\/Encrypt\s/.test(t) || /\/Encrypt\s/.test(h)) return 'PDF 文件已加密或设置了打开密码，评审人员无法查看，请取消加密后重新上传。';
  return null;
}

/** Keeps the visible name (Chinese included), drops any path and control characters. */
export function sanitizeFileName(raw: string | undefined, fallback = '材料.pdf'): string {
  const base = path.posix.basename(path.win32.basename(raw ?? ''));
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_').replace(/^\.+/, '').trim().slice(0, 200);
  return clean || fallback;
}

/** RFC 6266 / RFC 5987: an ASCII fallback plus the UTF-8 name for every browser. */
export function contentDisposition(fileName: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
