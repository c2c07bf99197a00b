import fs from 'node:fs';
import path from 'node:path';
import { PDFArray, PDFDocument, decodePDFRawStream, type PDFRawStream } from 'pdf-lib';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { CONDITIONS, ELIGIBILITY_PREAMBLE, FILING_CLAUSE } from './notice-text.js';
import { newDocument, toBuffer } from './pdf-layout.js';
import { drawQr } from './filing-receipt.js';

// the notice as the repository ships it (byte for byte ../shared/seed/000_11a72fc5be1ca42f.txt), so a clean clone checks it too
const SEED = path.resolve('web/src/features/notice/notice-270.md');

describe('the text the documents quote', () => {
  it('is the notice’s own, verbatim (一(一)–(六), 三(五))', () => {
    const notice = fs.readFileSync(SEED, 'utf8');
    expect(notice).toContain(ELIGIBILITY_PREAMBLE);
    for (const c of CONDITIONS) expect(notice, c.clause).toContain(`${c.label}${c.text}`);
    expect(notice.replace(/\*\*[^*]+\*\*/g, '')).toContain(FILING_CLAUSE);
  });
});

describe('the QR code of a receipt', () => {
  it('draws every dark module of the URL’s QR code as a square, and links the URL', async () => {
    const url = 'https://pingjia.example.gov.cn/verify/SHPB-2024-00001';
    const doc = newDocument({ title: 't', subject: 's', author: 'a' });
    drawQr(doc, url, 50, 50, 112);
    const bytes = await toBuffer(doc);
    const page = (await PDFDocument.load(bytes)).getPages()[0]!;
    const contents = page.node.Contents();
    const stream = contents instanceof PDFArray ? page.doc.context.lookup(contents.get(0)) : contents;
    const ops = Buffer.from(decodePDFRawStream(stream as PDFRawStream).decode()).toString('latin1');
    const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
    let dark = 0;
    for (let r = 0; r < qr.modules.size; r++) for (let c = 0; c < qr.modules.size; c++) if (qr.modules.get(r, c)) dark++;
    // pdfkit writes each square as one `re` operator (plus the white background)
    expect((ops.match(/ re\n/g) ?? []).length).toBe(dark + 1);
    expect(bytes.toString('latin1')).toContain(`/URI (${url})`);
  });
});
