import fs from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

/**
 * Shared layout for the documents the system prints (申请表, 备案回执): A4, the Noto Sans SC
 * font shipped in the npm package `@expo-google-fonts/noto-sans-sc` (pdfkit embeds only the
 * glyphs used — a subset — so a form stays tens of kilobytes, and its text stays searchable
 * through the ToUnicode map pdfkit writes), bordered tables that break across pages.
 */

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | undefined;

/** The two TTFs (≈10 MB each), read once per process. */
export function cjkFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: fs.readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')),
    bold: fs.readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf')),
  };
  return fonts;
}

export const A4 = { width: 595.28, height: 841.89 };
export const MARGIN = { top: 56, bottom: 64, left: 56, right: 56 };
export const CONTENT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
const PAD = 4;

export type Doc = PDFKit.PDFDocument;

export function newDocument(meta: { title: string; subject: string; author: string; keywords?: string }): Doc {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    pdfVersion: '1.7',
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: meta.title, Subject: meta.subject, Author: meta.author, Creator: '社会培训评价组织征集遴选系统', Keywords: meta.keywords ?? '' },
  });
  const f = cjkFonts();
  doc.registerFont('R', f.regular);
  doc.registerFont('B', f.bold);
  doc.font('R').fontSize(10.5).fillColor('black').strokeColor('black').lineWidth(0.8);
  return doc;
}

/** Ends the document and collects it into one buffer. */
export function toBuffer(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

export interface Cell {
  text: string;
  /** how many columns the cell spans */
  span?: number;
  bold?: boolean;
  align?: 'left' | 'center' | 'right';
  /** a label cell, lightly shaded as on printed forms */
  label?: boolean;
  size?: number;
  color?: string;
  /**
   * Draws the cell's content itself, at the text's top-left (x, y) within `width`, in place of
   * `text` — which still sizes the row, so give the same characters it draws.
   */
  render?: (doc: Doc, x: number, y: number, width: number) => void;
}

/** A cursor over the page: rows are placed at `y`, and a row that does not fit starts a new page. */
export class Flow {
  y: number;
  constructor(readonly doc: Doc) {
    this.y = MARGIN.top;
  }

  get bottom(): number {
    return A4.height - MARGIN.bottom;
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (this.y + height > this.bottom) {
      this.doc.addPage();
      this.y = MARGIN.top;
    }
  }

  gap(h: number): void {
    this.y += h;
  }

  /** A paragraph across the content width. */
  paragraph(
    text: string,
    opts: { size?: number; bold?: boolean; align?: 'left' | 'center' | 'right' | 'justify'; indent?: number; color?: string; lineGap?: number } = {},
  ): void {
    const { doc } = this;
    doc.font(opts.bold ? 'B' : 'R').fontSize(opts.size ?? 10.5);
    const o = { width: CONTENT_WIDTH, align: opts.align ?? 'left', indent: opts.indent ?? 0, lineGap: opts.lineGap ?? 2 } as const;
    const h = doc.heightOfString(text, o);
    this.ensure(Math.min(h, this.bottom - MARGIN.top));
    doc.fillColor(opts.color ?? 'black').text(text, MARGIN.left, this.y, o);
    doc.fillColor('black');
    this.y += h;
  }

  /** A section heading, kept with at least `keep` points of what follows. */
  heading(text: string, keep = 60): void {
    this.ensure(24 + keep);
    this.y += 6;
    this.doc.font('B').fontSize(12).text(text, MARGIN.left, this.y, { width: CONTENT_WIDTH });
    this.y += 20;
  }

  /**
   * One bordered table row. `widths` are the column widths (summing to the content width); each
   * cell spans one or more columns. The row is as tall as its tallest cell, at least `minHeight`.
   */
  row(widths: number[], cells: Cell[], opts: { minHeight?: number; valign?: 'top' | 'middle' } = {}): void {
    const { doc } = this;
    const placed: { x: number; w: number; cell: Cell; h: number }[] = [];
    let col = 0;
    let x = MARGIN.left;
    for (const cell of cells) {
      const span = cell.span ?? 1;
      const w = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
      doc.font(cell.bold || cell.label ? 'B' : 'R').fontSize(cell.size ?? 10);
      const h = doc.heightOfString(cell.text || ' ', { width: w - 2 * PAD, lineGap: 1 }) + 2 * PAD;
      placed.push({ x, w, cell, h });
      x += w;
      col += span;
    }
    const height = Math.max(opts.minHeight ?? 20, ...placed.map((p) => p.h));
    this.ensure(height);
    for (const p of placed) {
      if (p.cell.label) doc.rect(p.x, this.y, p.w, height).fill('#f0f0f0');
      doc.fillColor('black').rect(p.x, this.y, p.w, height).stroke();
      doc
        .font(p.cell.bold || p.cell.label ? 'B' : 'R')
        .fontSize(p.cell.size ?? 10)
        .fillColor(p.cell.color ?? 'black');
      const dy = opts.valign === 'top' ? PAD : Math.max(PAD, (height - p.h) / 2 + PAD);
      if (p.cell.render) p.cell.render(doc, p.x + PAD, this.y + dy, p.w - 2 * PAD);
      else doc.text(p.cell.text, p.x + PAD, this.y + dy, { width: p.w - 2 * PAD, align: p.cell.align ?? (p.cell.label ? 'center' : 'left'), lineGap: 1 });
    }
    doc.fillColor('black');
    this.y += height;
  }
}

/** Page footers ("第 n 页 共 N 页" and a line of provenance), drawn once every page exists. */
export function footers(doc: Doc, line: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the margin must not start a new page
    doc.font('R').fontSize(8).fillColor('#555555');
    doc.text(`第 ${i - range.start + 1} 页 共 ${range.count} 页`, MARGIN.left, A4.height - 40, { width: CONTENT_WIDTH, align: 'center', lineBreak: false });
    doc.text(line, MARGIN.left, A4.height - 28, { width: CONTENT_WIDTH, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor('black');
}

/** 2024-10-19 → 2024年10月19日 */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
