import type crypto from 'node:crypto';
import { SignPdf } from '@signpdf/signpdf';
import { pdfkitAddPlaceholder } from '@signpdf/placeholder-pdfkit';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import type { TrustKeys } from '../keys/trust-keys.js';
import { CadesDetachedSigner } from './cades.js';

/**
 * A PAdES baseline B-B signature (`/SubFilter /ETSI.CAdES.detached`) on a PDF that pdfkit writes:
 * `addPlaceholder` adds an invisible signature field whose /Contents is a reserved, zero-filled
 * hex string, before the document ends; `sign` then fills /ByteRange (the whole file but that
 * hex string) and writes the CAdES signature of those bytes into it (@signpdf/signpdf).
 */
export interface SignatureInfo {
  /** the claimed signing time, written as /M — the business clock's time */
  signingTime: Date;
  reason: string;
  location: string;
  contactInfo: string;
  /** /Name; default: the certificate's CN */
  name?: string;
}

export interface PdfSigner {
  /** the signer's name (the certificate's CN) */
  readonly name: string;
  readonly certificate: crypto.X509Certificate;
  /** Call on the pdfkit document before it ends (after the last page is drawn). */
  addPlaceholder(doc: PDFKit.PDFDocument, info: SignatureInfo): void;
  /** Fills the placeholder of the finished file: the signed file. */
  sign(pdf: Buffer): Promise<Buffer>;
}

/** What `renderReceipt` takes to sign a 备案回执. */
export type ReceiptSigner = PdfSigner;

/** The CN of a certificate's subject (the whole subject if it has none). */
export function commonName(cert: crypto.X509Certificate): string {
  const lines = cert.subject.split('\n');
  return lines.find((l) => l.startsWith('CN='))?.slice(3) ?? lines.join(', ');
}

export function createPdfSigner(signing: Pick<TrustKeys['signing'], 'privateKey' | 'chain'>): PdfSigner {
  const cades = new CadesDetachedSigner({ privateKey: signing.privateKey, chain: signing.chain });
  const certificate = signing.chain[0]!;
  const name = commonName(certificate);
  // room for the CMS: the chain, the signature value, attributes and structure, with a margin
  const keyBytes = Math.ceil((signing.privateKey.asymmetricKeyDetails?.modulusLength ?? 1024) / 8);
  const reserve = Math.ceil((signing.chain.reduce((n, c) => n + c.raw.length, 0) + keyBytes + 1536) / 512) * 512;
  const signer = new SignPdf();
  return {
    name,
    certificate,
    addPlaceholder(doc, info) {
      pdfkitAddPlaceholder({
        pdf: doc,
        pdfBuffer: Buffer.alloc(0), // not read by the pdfkit placeholder
        reason: info.reason,
        contactInfo: info.contactInfo,
        name: info.name ?? name,
        location: info.location,
        signingTime: info.signingTime,
        signatureLength: reserve,
        subFilter: SUBFILTER_ETSI_CADES_DETACHED,
        appName: 'shsp-selection',
      });
    },
    sign: (pdf) => signer.sign(pdf, cades),
  };
}

export const createReceiptSigner: (signing: Pick<TrustKeys['signing'], 'privateKey' | 'chain'>) => ReceiptSigner = createPdfSigner;
