import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadTrustKeys, type TrustKeys } from '../../platform/keys/trust-keys.js';
import { OID } from '../../platform/signing/cades.js';
import { extractPdfText } from '../../test-support/pdf-text.js';
import { createReceiptSigner, explanation, grantSentence, renderReceipt, type ReceiptData, type ReceiptSigner } from './filing-receipt.js';

/**
 * The 备案回执 carries a PAdES baseline B-B signature (api-v1.md, Trust): poppler's pdfsig — an
 * independent reader — finds it valid over the whole file, and invalid once a byte changes. And
 * the receipt's words say what happened, and nothing that did not.
 */
const sample: ReceiptData = {
  receiptNo: 'SHPB-2024-00007',
  docNumber: '沪人社职〔2024〕270号',
  campaignTitle: '上海市人力资源和社会保障局关于开展安全防范系统安装维护员等社会培训评价组织征集遴选工作的通知',
  organizationName: '上海东方咖啡职业技能评价有限公司',
  uscc: '91310115MA1H000011',
  itemSeq: 33,
  itemName: '咖啡师',
  occupationCode: '4-03-02-07',
  levels: '五级/初级工、四级/中级工、三级/高级工',
  filedOn: '2024-10-13',
  validUntil: '2027-10-12',
  validityYears: 3,
  publicityOutcome: 'no_objection',
  status: 'active',
  statusLabel: '有效',
  verifyUrl: 'https://pingjia.example.cn/verify/SHPB-2024-00007',
  snapshotDigest: 'a'.repeat(64),
  materialsDigest: 'b'.repeat(64),
  generatedAt: '2024-10-19T10:00:00+08:00',
};
const signingTime = new Date('2024-10-19T10:00:00+08:00');

const hasPdfsig = spawnSync('pdfsig', ['-v'], { stdio: 'ignore' }).error === undefined;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shsp-sig-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function pdfsig(pdf: Buffer): string {
  const file = path.join(tmp, `${crypto.randomBytes(4).toString('hex')}.pdf`);
  fs.writeFileSync(file, pdf);
  // exits non-zero when a signature is invalid: read what it says either way
  const r = spawnSync('pdfsig', [file], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`;
}

/** The signature dictionary's /ByteRange, and the CMS in its /Contents. */
function signatureOf(pdf: Buffer): { byteRange: number[]; cms: Buffer; signed: Buffer; dict: string } {
  const text = pdf.toString('latin1');
  const m = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/.exec(text);
  if (!m) throw new Error('no /ByteRange');
  const [a, l1, b, l2] = m.slice(1).map(Number) as [number, number, number, number];
  const hex = text.slice(a + l1 + 1, b - 1);
  const dictStart = text.lastIndexOf('<<', m.index);
  return {
    byteRange: [a, l1, b, l2],
    cms: Buffer.from(hex, 'hex'),
    signed: Buffer.concat([pdf.subarray(a, a + l1), pdf.subarray(b, b + l2)]),
    dict: text.slice(dictStart, text.indexOf('endobj', b)),
  };
}

describe('备案回执: PAdES signature', () => {
  let keys: TrustKeys;
  let signer: ReceiptSigner;
  let signed: Buffer;

  beforeAll(async () => {
    const files = inject('trustKeyFiles');
    keys = await loadTrustKeys({ env: 'test', dataDir: tmp, ...files });
    signer = createReceiptSigner(keys.signing);
    signed = await renderReceipt(sample, { signer, signingTime });
  });

  it.skipIf(!hasPdfsig)('pdfsig: valid, ETSI.CAdES.detached, the total document signed', () => {
    const out = pdfsig(signed);
    expect(out).toContain('Signature Validation: Signature is Valid.');
    expect(out).toContain('Total document signed');
    expect(out).toContain('Signature Type: ETSI.CAdES.detached');
    expect(out).toContain('Signing Hash Algorithm: SHA-256');
    expect(out).toContain('Signer Certificate Common Name: 上海市职业技能鉴定中心（演示）');
    // the certificate is self-signed (a demo key): pdfsig cannot trust it — expected, not asserted on
  });

  it.skipIf(!hasPdfsig)('pdfsig: one byte changed anywhere in the signed ranges → not valid', () => {
    const { byteRange } = signatureOf(signed);
    const [, l1, b] = byteRange as [number, number, number, number];
    const text = signed.toString('latin1');
    // in the first range: the binary comment after the header; in the second: inside a compressed stream
    const positions = [10, text.indexOf('stream\n', b) + 40];
    expect(positions[0]).toBeLessThan(l1);
    for (const at of positions) {
      const bad = Buffer.from(signed);
      bad[at] = bad[at]! ^ 0x01;
      const out = pdfsig(bad);
      expect(out, `byte ${at}`).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
      expect(out).not.toContain('Signature is Valid.');
    }
  });

  it('the CMS: detached SHA-256, content-type, message-digest, signing-certificate-v2, no signing-time; the chain; /M is the given time', async () => {
    const { cms, signed: content, dict } = signatureOf(signed);
    const ci = pkijs.ContentInfo.fromBER(new Uint8Array(cms)); // trailing zero padding of /Contents is ignored
    expect(ci.contentType).toBe(OID.signedData);
    const sd = new pkijs.SignedData({ schema: ci.content });
    expect(sd.encapContentInfo.eContent).toBeUndefined(); // detached
    expect(sd.certificates).toHaveLength(keys.signing.chain.length);
    const si = sd.signerInfos[0]!;
    expect(si.digestAlgorithm.algorithmId).toBe('2.16.840.1.101.3.4.2.1'); // SHA-256
    const attrs = new Map(si.signedAttrs!.attributes.map((a) => [a.type, a.values[0]]));
    expect([...attrs.keys()].sort()).toEqual([OID.contentType, OID.messageDigest, OID.signingCertificateV2].sort());
    expect(attrs.has(OID.signingTime)).toBe(false);
    expect((attrs.get(OID.contentType) as asn1js.ObjectIdentifier).valueBlock.toString()).toBe(OID.data);
    const digest = Buffer.from((attrs.get(OID.messageDigest) as asn1js.OctetString).valueBlock.valueHexView);
    expect(digest.equals(crypto.createHash('sha256').update(content).digest())).toBe(true);
    // SigningCertificateV2 → certs[0] = ESSCertIDv2 {certHash (hashAlgorithm omitted = SHA-256), issuerSerial}
    const ess = ((attrs.get(OID.signingCertificateV2) as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    const certHash = ess.valueBlock.value[0] as asn1js.OctetString;
    expect(certHash).toBeInstanceOf(asn1js.OctetString);
    expect(Buffer.from(certHash.valueBlock.valueHexView).equals(crypto.createHash('sha256').update(keys.signing.certificate.raw).digest())).toBe(true);
    const serial = (ess.valueBlock.value[1] as asn1js.Sequence).valueBlock.value[1] as asn1js.Integer;
    expect(Buffer.from(serial.valueBlock.valueHexView).toString('hex').toUpperCase().replace(/^0+/, '')).toBe(
      keys.signing.certificate.serialNumber.replace(/^0+/, ''),
    );
    // the signature verifies over the signed attributes
    expect(await sd.verify({ signer: 0, data: new Uint8Array(content).buffer, checkChain: false })).toBe(true);
    // the signature dictionary: PAdES subfilter, /M = the business clock's signing time, who/why/where
    expect(dict).toContain('/SubFilter /ETSI.CAdES.detached');
    expect(dict).toContain('/M (D:20241019020000Z)');
    expect(dict).toContain('/Reason');
    expect(dict).toContain(`/ContactInfo (${sample.verifyUrl})`);
  });

  it('measures the cost: time to sign one receipt (median of 20) and the bytes the signature adds', async () => {
    let prepared: Buffer | undefined; // the finished file with its placeholder, before signing
    await renderReceipt(sample, { signer: { ...signer, sign: async (pdf) => ((prepared = pdf), signer.sign(pdf)) }, signingTime });
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
    const signing: number[] = [];
    const whole: number[] = [];
    for (let i = 0; i < 20; i++) {
      let t0 = performance.now();
      await signer.sign(prepared!);
      signing.push(performance.now() - t0);
      t0 = performance.now();
      await renderReceipt(sample, { signer, signingTime });
      whole.push(performance.now() - t0);
    }
    // the same receipt with its note on the signature but no signature: what the signature itself adds
    const noted = await renderReceipt(sample, { signer: { ...signer, addPlaceholder: () => {}, sign: async (pdf) => pdf }, signingTime });
    const cms = signatureOf(signed).cms;
    const cmsBytes = pkijs.ContentInfo.fromBER(new Uint8Array(cms)).toSchema().toBER(false).byteLength;
    console.log(
      `receipt signature: ${median(signing).toFixed(1)} ms to sign (placeholder → signed file), ${median(whole).toFixed(1)} ms to render and sign (medians of 20); ` +
        `+${signed.length - noted.length} B (${noted.length} → ${signed.length}: /Contents reserves ${cms.length} B as hex, the CMS uses ${cmsBytes} B)`,
    );
    expect(median(signing)).toBeLessThan(500);
    expect(signed.length - noted.length).toBeLessThan(16 * 1024);
  });

  it.skipIf(!hasPdfsig)('an ECDSA P-256 key signs too (PEM made by openssl)', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'ec-'));
    const key = path.join(dir, 'k.pem');
    const cert = path.join(dir, 'c.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '30',
        '-subj',
        '/CN=EC Test Signer/O=Test/C=CN',
      ],
      { stdio: 'ignore' },
    );
    const pem = path.join(dir, 'signing.pem');
    fs.writeFileSync(pem, fs.readFileSync(key, 'utf8') + fs.readFileSync(cert, 'utf8'));
    const ec = await loadTrustKeys({ env: 'test', dataDir: dir, signingKeyFile: pem, logKeyFile: inject('trustKeyFiles').logKeyFile });
    const out = pdfsig(await renderReceipt(sample, { signer: createReceiptSigner(ec.signing), signingTime }));
    expect(out).toContain('Signature Validation: Signature is Valid.');
    expect(out).toContain('Signer Certificate Common Name: EC Test Signer');
  });
});

describe('备案回执: the words say what happened', () => {
  it('no objection vs an objection found unfounded', () => {
    expect(grantSentence(sample)).toContain('市人力资源社会保障局同意，并经公示无异议，准予备案');
    const dismissed = grantSentence({ ...sample, publicityOutcome: 'objection_dismissed' });
    expect(dismissed).toContain('经公示，对公示提出的异议经核查不成立，准予备案');
    expect(dismissed).not.toContain('无异议');
  });

  it('reporting to the national centre is stated only when it happened, with its date', () => {
    expect(explanation(sample)).not.toContain('报备');
    expect(explanation({ ...sample, reportedOn: '2024-11-05' })).toContain('本回执信息已于2024年11月5日向中国就业培训技术指导中心报备。');
  });

  it('the printed receipt: validity years as given, reported date, dismissed objection, the signature line only when signed', async () => {
    const t = (
      await extractPdfText(
        await renderReceipt(
          { ...sample, validityYears: 5, validUntil: '2029-10-12', publicityOutcome: 'objection_dismissed', reportedOn: '2024-11-05' },
          { signingTime },
        ),
      )
    ).compact;
    expect(t).toContain('2029年10月12日（备案有效期为5年）');
    expect(t).not.toContain('3年');
    expect(t).toContain('异议经核查不成立');
    expect(t).not.toContain('无异议');
    expect(t).toContain('本回执信息已于2024年11月5日向中国就业培训技术指导中心报备');
    expect(t).not.toContain('电子签名'); // unsigned: says nothing about a signature

    const plain = (await extractPdfText(await renderReceipt(sample, { signingTime }))).compact;
    expect(plain).toContain('并经公示无异议');
    expect(plain).toContain('（备案有效期为3年）');
    expect(plain).not.toContain('报备');
  });

  it('a suspended filing: 已暂停 with the date and reason, and the diagonal stamp', async () => {
    const pdf = await renderReceipt(
      { ...sample, status: 'suspended', statusLabel: '已暂停', suspendedAt: '2025-03-01T10:00:00+08:00', suspendReason: '接受投诉核查期间' },
      { signingTime },
    );
    const text = await extractPdfText(pdf);
    expect(text.compact).toContain('已暂停（2025-03-01暂停：接受投诉核查期间）');
    // the stamp: the label drawn a second time, large, across the page
    expect(text.compact.split('已暂停').length - 1).toBeGreaterThanOrEqual(2);
  });
});
