import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream, type PDFObject } from 'pdf-lib';

/**
 * A small text extractor for the PDFs the system generates — what a search or a screen reader sees.
 * It reads each page's content streams, follows the font changes (`Tf`) and decodes every shown
 * string (`Tj`, `TJ`) through that font's ToUnicode CMap. No poppler needed; when `pdftotext` is
 * installed the tests cross-check with it.
 */
export interface PdfText {
  pages: string[];
  /** every page's text joined, whitespace removed — for substring checks across line breaks */
  compact: string;
  /** the characters the fonts' ToUnicode maps can produce */
  mappedChars: Set<string>;
  pageCount: number;
}

function bytesToLatin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return s;
}

function streamText(doc: PDFDocument, obj: PDFObject | undefined): string {
  const o = obj instanceof PDFRef ? doc.context.lookup(obj) : obj;
  if (o instanceof PDFRawStream) return bytesToLatin1(decodePDFRawStream(o).decode());
  if (o instanceof PDFArray)
    return o
      .asArray()
      .map((x) => streamText(doc, x))
      .join('\n');
  return '';
}

function utf16(hex: string): string {
  let s = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) s += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return s;
}

/** bfchar and bfrange (both forms) of a ToUnicode CMap → code (hex, upper case) → text. */
export function parseToUnicode(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f\s]+)>/g)) map.set(m[1]!.toUpperCase(), utf16(m[2]!.replace(/\s+/g, '')));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]+)>|\[([^\]]*)\])/g)) {
      const width = m[1]!.length;
      const lo = parseInt(m[1]!, 16);
      const hi = parseInt(m[2]!, 16);
      // an entry may map one code to several characters (a ligature: <0066 0069> is "fi")
      const list = m[4] ? [...m[4].matchAll(/<([0-9A-Fa-f\s]+)>/g)].map((x) => x[1]!.replace(/\s+/g, '')) : null;
      for (let c = lo; c <= hi; c++) {
        const code = c.toString(16).toUpperCase().padStart(width, '0');
        if (list) {
          const dst = list[c - lo];
          if (dst) map.set(code, utf16(dst));
        } else {
          const start = parseInt(m[3]!, 16) + (c - lo);
          map.set(code, String.fromCharCode(start));
        }
      }
    }
  }
  return map;
}

function decodeHex(hex: string, cmap: Map<string, string> | undefined): string {
  const h = hex.replace(/\s+/g, '').toUpperCase();
  if (!cmap) return '';
  const width = cmap.size ? [...cmap.keys()][0]!.length : 4;
  let out = '';
  for (let i = 0; i + width <= h.length; i += width) out += cmap.get(h.slice(i, i + width)) ?? '\uFFFD';
  return out;
}

export async function extractPdfText(bytes: Uint8Array): Promise<PdfText> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const pages: string[] = [];
  const mappedChars = new Set<string>();
  for (const page of doc.getPages()) {
    const cmaps = new Map<string, Map<string, string>>();
    const fonts = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
    for (const [name, ref] of fonts?.entries() ?? []) {
      const font = doc.context.lookup(ref, PDFDict);
      const tu = font.get(PDFName.of('ToUnicode'));
      if (!tu) continue;
      const map = parseToUnicode(streamText(doc, tu));
      for (const v of map.values()) for (const ch of v) mappedChars.add(ch);
      cmaps.set(name.asString().replace(/^\//, ''), map);
    }
    const content = streamText(doc, page.node.get(PDFName.of('Contents')));
    let font: Map<string, string> | undefined;
    const lines: string[] = [];
    let line = '';
    const re = /\/([^\s/<>[\]()]+)\s+[-\d.]+\s+Tf|\[((?:<[0-9A-Fa-f\s]*>|[^\]<])*)\]\s*TJ|<([0-9A-Fa-f\s]*)>\s*Tj|\bET\b/g;
    for (const m of content.matchAll(re)) {
      if (m[1] !== undefined) font = cmaps.get(m[1]);
      else if (m[2] !== undefined) for (const h of m[2].matchAll(/<([0-9A-Fa-f\s]*)>/g)) line += decodeHex(h[1]!, font);
      else if (m[3] !== undefined) line += decodeHex(m[3], font);
      else if (line) {
        lines.push(line);
        line = '';
      }
    }
    if (line) lines.push(line);
    pages.push(lines.join('\n'));
  }
  return { pages, compact: pages.join('').replace(/\s+/g, ''), mappedChars, pageCount: pages.length };
}
