import QRCode from 'qrcode';
import type { ReceiptSigner } from '../../platform/signing/pdf-signature.js';
import { ISSUING_BODY } from './notice-text.js';
import { A4, CONTENT_WIDTH, Flow, MARGIN, chineseDate, footers, newDocument, toBuffer, type Doc } from './pdf-layout.js';

export type { ReceiptSigner } from '../../platform/signing/pdf-signature.js';
export { createReceiptSigner } from '../../platform/signing/pdf-signature.js';

export interface ReceiptData {
  receiptNo: string;
  docNumber: string;
  /** the call's notice, by its title (e.g. 《上海市人力资源和社会保障局关于开展…的通知》) */
  campaignTitle: string;
  organizationName: string;
  uscc: string;
  itemSeq: number;
  itemName: string;
  occupationCode: string | null;
  levels: string;
  filedOn: string;
  validUntil: string;
  /** the campaign's 备案有效期 in years (三(五): 3 for the 2024 call) */
  validityYears: number;
  /** how the public notice ended: no objection, or objections found unfounded on review */
  publicityOutcome: 'no_objection' | 'objection_dismissed';
  /** ISO date the filing was reported to 中国就业培训技术指导中心; absent → the receipt says nothing about reporting */
  reportedOn?: string;
  status: 'active' | 'expired' | 'revoked' | 'suspended';
  statusLabel: string;
  revokedAt?: string;
  revokeReason?: string;
  suspendedAt?: string;
  suspendReason?: string;
  verifyUrl: string;
  snapshotDigest: string;
  materialsDigest: string;
  generatedAt: string;
}

const TITLE = '社会培训评价组织备案回执';

/** The QR code's modules, drawn as vector squares (crisp at any zoom, a few kilobytes). */
export function drawQr(doc: Doc, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + 2 * quiet);
  doc.save().rect(x, y, size, size).fill('white');
  doc.fillColor('black');
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c)) doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell + 0.05, cell + 0.05);
    }
  }
  doc.fill('black').restore();
  doc.link(x, y, size, size, text);
}

export interface RenderReceiptOptions {
  /** signs the file (PAdES, `ETSI.CAdES.detached`); without it the receipt is unsigned (unit tests) */
  signer?: ReceiptSigner;
  /** the business clock's time: the signature's /M and the document's creation date */
  signingTime: Date;
}

/** The sentence that grants the filing: what happened, and nothing that did not. */
export function grantSentence(d: Pick<ReceiptData, 'campaignTitle' | 'docNumber' | 'publicityOutcome'>): string {
  const publicity = d.publicityOutcome === 'objection_dismissed' ? '经公示，对公示提出的异议经核查不成立' : '并经公示无异议';
  return `根据《${d.campaignTitle}》（${d.docNumber}），贵单位申报的下列职业（工种）社会培训评价组织，经机构评估、项目评估，市人力资源社会保障局同意，${publicity}，准予备案，特此回执。`;
}

/** The explanation under the table: validity, reporting (only when it happened), the digests. */
export function explanation(d: Pick<ReceiptData, 'validityYears' | 'reportedOn'>): string {
  return [
    `说明：备案有效期为${d.validityYears}年，自备案日期起算，至“有效期至”所载日期止。`,
    d.reportedOn ? `本回执信息已于${chineseDate(d.reportedOn.slice(0, 10))}向中国就业培训技术指导中心报备。` : '',
    '申报信息摘要与申报材料摘要为提交的申报信息及材料清单的 SM3 杂凑值，可通过扫描二维码或访问下方地址核验。',
  ].join('');
}

/** 已撤销（2025-03-01 撤销：…） / 已暂停（… 暂停：…） / 有效 */
function statusText(d: ReceiptData): string {
  if (d.status === 'active') return '有效';
  const detail =
    d.status === 'revoked' && d.revokedAt
      ? `（${d.revokedAt.slice(0, 10)} 撤销${d.revokeReason ? `：${d.revokeReason}` : ''}）`
      : d.status === 'suspended' && (d.suspendedAt || d.suspendReason)
        ? `（${d.suspendedAt ? `${d.suspendedAt.slice(0, 10)} ` : ''}暂停${d.suspendReason ? `：${d.suspendReason}` : ''}）`
        : '';
  return d.statusLabel + detail;
}

/**
 * 三(五) 备案回执: issued by 市职鉴中心 once a notice ends without a standing objection. Carries the
 * SM3 digests of what was filed (SEC-14), a QR code of its public verification URL and — given a
 * signer — a PAdES signature of the centre over the whole file. A receipt generated after
 * revocation, suspension or expiry says so in large type.
 */
export async function renderReceipt(d: ReceiptData, opts: RenderReceiptOptions = { signingTime: new Date(d.generatedAt) }): Promise<Buffer> {
  const doc = newDocument({
    title: `${TITLE} ${d.receiptNo}`,
    subject: `${d.organizationName} ${d.itemName}`,
    author: ISSUING_BODY,
    keywords: `${d.receiptNo},${d.uscc}`,
  });
  doc.info.CreationDate = opts.signingTime;
  const f = new Flow(doc);
  const W = CONTENT_WIDTH;

  doc
    .font('B')
    .fontSize(20)
    .text(TITLE, MARGIN.left, f.y + 10, { width: W, align: 'center', characterSpacing: 2 });
  f.gap(46);
  doc.font('R').fontSize(10.5).text(`回执编号：${d.receiptNo}`, MARGIN.left, f.y, { width: W, align: 'right' });
  f.gap(26);

  f.paragraph(`${d.organizationName}：`, { size: 12, bold: true });
  f.gap(6);
  f.paragraph(grantSentence(d), { size: 11, indent: 22, lineGap: 5 });
  f.gap(14);

  const two = [W * 0.26, W * 0.74];
  f.row(two, [{ text: '回执编号', label: true }, { text: d.receiptNo }], { minHeight: 24 });
  f.row(two, [{ text: '社评组织名称', label: true }, { text: d.organizationName }], { minHeight: 24 });
  f.row(two, [{ text: '统一社会信用代码', label: true }, { text: d.uscc }], { minHeight: 24 });
  f.row(
    two,
    [{ text: '职业（工种）', label: true }, { text: `${d.itemName}（附件序号 ${d.itemSeq}${d.occupationCode ? `，职业编码 ${d.occupationCode}` : ''}）` }],
    { minHeight: 24 },
  );
  f.row(two, [{ text: '等级', label: true }, { text: d.levels }], { minHeight: 24 });
  f.row(two, [{ text: '备案日期', label: true }, { text: chineseDate(d.filedOn) }], { minHeight: 24 });
  f.row(two, [{ text: '有效期至', label: true }, { text: `${chineseDate(d.validUntil)}（备案有效期为${d.validityYears}年）` }], { minHeight: 24 });
  f.row(
    two,
    [
      { text: '备案状态', label: true },
      { text: statusText(d), bold: d.status !== 'active', color: d.status === 'active' ? 'black' : '#c00000' },
    ],
    { minHeight: 24 },
  );
  f.row(
    two,
    [
      { text: '申报信息摘要（SM3）', label: true },
      { text: d.snapshotDigest, size: 8.5 },
    ],
    { minHeight: 24 },
  );
  f.row(
    two,
    [
      { text: '申报材料摘要（SM3）', label: true },
      { text: d.materialsDigest, size: 8.5 },
    ],
    { minHeight: 24 },
  );
  f.gap(12);
  f.paragraph(explanation(d), { size: 9, color: '#333333', lineGap: 3 });

  // QR code (left) with the address and, when signed, how to check the signature; the issuing body with the date (right)
  const qrSize = 112;
  const below = 58;
  f.ensure(qrSize + below + 20);
  const top = Math.max(f.y + 24, A4.height - MARGIN.bottom - qrSize - below);
  drawQr(doc, d.verifyUrl, MARGIN.left, top, qrSize);
  doc
    .font('R')
    .fontSize(8.5)
    .fillColor('#333333')
    .text('扫码核验备案回执', MARGIN.left, top + qrSize + 4, { width: qrSize, align: 'center' });
  doc.fontSize(7.5).text(d.verifyUrl, MARGIN.left, top + qrSize + 17, { width: W * 0.6, link: d.verifyUrl, underline: false });
  if (opts.signer) {
    const keysUrl = `${new URL(d.verifyUrl).origin}/api/v1/public/keys`;
    doc.text(`本文件含市职鉴中心电子签名，可用 ${keysUrl} 公布的证书验证。`, MARGIN.left, top + qrSize + 29, { width: W * 0.6 });
  }
  doc
    .fillColor('black')
    .font('B')
    .fontSize(13)
    .text(ISSUING_BODY, MARGIN.left + W * 0.45, top + 30, { width: W * 0.55, align: 'center' });
  doc
    .font('R')
    .fontSize(11)
    .text(chineseDate(d.filedOn), MARGIN.left + W * 0.45, top + 56, { width: W * 0.55, align: 'center' });
  doc
    .font('R')
    .fontSize(8.5)
    .fillColor('#666666')
    .text('（盖章）', MARGIN.left + W * 0.45, top + 78, { width: W * 0.55, align: 'center' });
  doc.fillColor('black');

  if (d.status !== 'active') stamp(doc, d.statusLabel);
  footers(doc, `${TITLE} ${d.receiptNo} · 打印于 ${d.generatedAt} · 真伪以扫码核验结果为准`);
  if (!opts.signer) return toBuffer(doc);
  opts.signer.addPlaceholder(doc, { signingTime: opts.signingTime, reason: '备案回执', location: '上海', contactInfo: d.verifyUrl });
  return opts.signer.sign(await toBuffer(doc));
}

/** A large diagonal status mark across the page: 已撤销 / 已暂停 / 已过期. */
function stamp(doc: Doc, label: string): void {
  doc.save();
  doc.rotate(-30, { origin: [A4.width / 2, A4.height / 2] });
  doc.font('B').fontSize(84).fillColor('#c00000').fillOpacity(0.22);
  doc.text(label, 0, A4.height / 2 - 60, { width: A4.width, align: 'center', lineBreak: false });
  doc.restore();
  doc.fillOpacity(1).fillColor('black');
}
