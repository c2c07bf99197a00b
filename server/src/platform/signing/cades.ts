import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { Signer } from '@signpdf/signpdf';
import { importAlgorithm, webcryptoEngine } from '../keys/demo-keys.js';

/**
 * A CAdES detached signature as PAdES baseline B-B wants it (ETSI EN 319 142-1 §6.3, EN 319 122-1):
 * a CMS SignedData (RFC 5652) over the PDF's signed byte ranges, content not included, SHA-256,
 * signed attributes content-type, message-digest and signing-certificate-v2 (RFC 5035 ESSCertIDv2:
 * the SHA-256 of the signing certificate, with its issuer and serial number), and the certificate
 * chain. No signing-time attribute: in PAdES the claimed signing time is the signature
 * dictionary's /M. pkijs and asn1js build the structures; the signature is made by WebCrypto.
 */
export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
} as const;

export interface CadesKey {
  privateKey: crypto.KeyObject;
  /** leaf first */
  chain: crypto.X509Certificate[];
}

export class CadesDetachedSigner extends Signer {
  private readonly engine = webcryptoEngine();
  private readonly cryptoKey: Promise<CryptoKey>;
  private readonly leaf: pkijs.Certificate;
  private readonly certificates: pkijs.Certificate[];
  private readonly signingCertificateV2: asn1js.Sequence;

  constructor(private readonly key: CadesKey) {
    super();
    const leafDer = key.chain[0]?.raw;
    if (!leafDer) throw new Error('a signing certificate is needed');
    this.cryptoKey = crypto.webcrypto.subtle.importKey(
      'pkcs8',
      key.privateKey.export({ type: 'pkcs8', format: 'der' }),
      importAlgorithm(key.privateKey),
      false,
      ['sign'],
    );
    this.cryptoKey.catch(() => {}); // reported by sign()
    this.certificates = key.chain.map((c) => pkijs.Certificate.fromBER(c.raw));
    this.leaf = this.certificates[0]!;
    this.signingCertificateV2 = signingCertificateV2(leafDer, this.leaf);
  }

  /** The CMS (DER) over `content` — for a PDF, the bytes of its /ByteRange. */
  override async sign(content: Buffer): Promise<Buffer> {
    const digest = crypto.createHash('sha256').update(content).digest();
    const attributes = sortedForDer([
      new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
      new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: digest })] }),
      new pkijs.Attribute({ type: OID.signingCertificateV2, values: [this.signingCertificateV2] }),
    ]);
    const signedData = new pkijs.SignedData({
      version: 1,
      encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }), // detached: no eContent
      signerInfos: [
        new pkijs.SignerInfo({
          version: 1,
          sid: new pkijs.IssuerAndSerialNumber({ issuer: this.leaf.issuer, serialNumber: this.leaf.serialNumber }),
          signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
        }),
      ],
      certificates: this.certificates,
    });
    await signedData.sign(await this.cryptoKey, 0, 'SHA-256', undefined, this.engine);
    const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
    return Buffer.from(contentInfo.toSchema().toBER(false));
  }
}

/**
 * SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }
 * ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256 (so omitted in DER), certHash OCTET STRING,
 *                            issuerSerial SEQUENCE { issuer GeneralNames, serialNumber INTEGER } }
 */
function signingCertificateV2(leafDer: Buffer, leaf: pkijs.Certificate): asn1js.Sequence {
  const certHash = crypto.createHash('sha256').update(leafDer).digest();
  const issuerSerial = new asn1js.Sequence({
    value: [
      // GeneralNames ::= SEQUENCE OF GeneralName; directoryName is [4], explicit (Name is a CHOICE)
      new asn1js.Sequence({ value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [leaf.issuer.toSchema()] })] }),
      new asn1js.Integer({ valueHex: leaf.serialNumber.valueBlock.valueHexView }),
    ],
  });
  return new asn1js.Sequence({
    value: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: certHash }), issuerSerial] })] })],
  });
}

/** DER wants a SET OF in the order of its elements' encodings (X.690 §11.6); signed attributes are signed as DER. */
function sortedForDer(attributes: pkijs.Attribute[]): pkijs.Attribute[] {
  const enc = (a: pkijs.Attribute) => Buffer.from(a.toSchema().toBER(false));
  return attributes
    .map((a) => ({ a, der: enc(a) }))
    .sort((x, y) => {
      const n = Math.max(x.der.length, y.der.length);
      return Buffer.compare(Buffer.concat([x.der, Buffer.alloc(n - x.der.length)]), Buffer.concat([y.der, Buffer.alloc(n - y.der.length)]));
    })
    .map((x) => x.a);
}
