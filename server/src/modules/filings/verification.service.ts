import type { z } from 'zod';
import type { filingVerificationSchema } from '../../../../contract/documents.js';
import { FILING_STATUS_LABELS, type FilingCheckCode, type FilingStatus } from '../../../../contract/enums.js';
import type { filingProofSchema } from '../../../../contract/trust.js';
import type { ServiceContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { auditLeaf, checkSeal, parseFilingLeaf, type FilingFacts } from '../../platform/log/leaves.js';
import { leafHash, rootFromInclusionProof } from '../../platform/log/merkle.js';
import { refuse } from '../../workflow/refusal.js';
import { toShanghaiIso } from '../../workflow/time.js';
import { filingIntegrity } from './integrity.service.js';
import { eventsOf, factsOf, findFiling, issuanceRecord, type FilingEventRow } from './filings.repository.js';
import { toFiling } from './filings.service.js';

type Verification = z.infer<typeof filingVerificationSchema>;
type Reason = { code: FilingCheckCode; message: string };

const FACT_LABELS: Record<'organizationName' | 'uscc' | 'itemName' | 'levels' | 'filedOn' | 'validUntil', string> = {
  organizationName: '机构名称',
  uscc: '统一社会信用代码',
  itemName: '职业（工种）',
  levels: '等级',
  filedOn: '备案日期',
  validUntil: '有效期至',
};
const EVENT_STATUS: Record<FilingFacts['type'], FilingStatus> = {
  'filing.issued': 'active',
  'filing.resumed': 'active',
  'filing.suspended': 'suspended',
  'filing.expired': 'expired',
  'filing.revoked': 'revoked',
};

const day = (d: Date | string | null | undefined) => (d ? toShanghaiIso(new Date(d)).slice(0, 10) : '');

/**
 * 备案回执核验 that tells the truth (api-v1 "Trust"): valid only when the filing is active, its facts
 * are those recorded at issuance (log leaf and SM3 digests, both sealed), and its latest event is
 * included under a checkpoint signed by the log key. Nothing is created on a read.
 */
export class FilingVerification {
  constructor(private readonly ctx: ServiceContext) {}

  async verify(receiptNo: string, verifyUrl: string): Promise<Verification> {
    // never older than the request: the replica once it has replayed the primary's position, else the primary (decision 0019)
    const db = await this.ctx.reads.fresh();
    const row = await findFiling(db, receiptNo);
    if (!row) refuse('NOT_FOUND', `没有编号为“${receiptNo}”的备案回执，请核对回执编号（例如 SHPB-2024-00001）。`);
    const filing = toFiling(row);
    const reasons: Reason[] = [];
    if (row.status === 'suspended')
      reasons.push({
        code: 'SUSPENDED',
        message: `该备案已于 ${day(row.suspended_at)} 暂停${row.suspend_reason ? `，原因：${row.suspend_reason}` : ''}。暂停期间备案无效。`,
      });
    if (row.status === 'expired') reasons.push({ code: 'EXPIRED', message: `该备案的有效期至 ${row.valid_until}，已届满。` });
    if (row.status === 'revoked')
      reasons.push({ code: 'REVOKED', message: `该备案已于 ${day(row.revoked_at)} 被撤销${row.revoke_reason ? `，原因：${row.revoke_reason}` : ''}。` });

    const events = await this.sequencedEvents(db, receiptNo);
    const issued = events.find((e) => e.type === 'filing.issued');
    let recorded: Verification['recorded'];
    let log: Verification['log'] = { included: false };
    if (!issued) {
      reasons.push({ code: 'NOT_IN_LOG', message: '备案登记日志中没有该回执的签发记录：回执编号可能是伪造的，或该记录在系统之外被写入。' });
    } else {
      if (events.some((e) => !checkSeal(e.leaf, e.mac) || !parseFilingLeaf(e.leaf))) {
        reasons.push({ code: 'EVENT_FORGED', message: '该回执的日志事件中有未经本系统签发或被改动的记录。' });
      }
      const at = parseFilingLeaf(issued.leaf);
      const now = factsOf(row);
      if (at) {
        const changed = (Object.keys(FACT_LABELS) as Array<keyof typeof FACT_LABELS>).filter((k) => JSON.stringify(at[k]) !== JSON.stringify(now[k]));
        if (changed.length) {
          reasons.push({
            code: 'FACTS_CHANGED',
            message: `现存记录与签发时登记的不一致（${changed.map((k) => FACT_LABELS[k]).join('、')}）：记录在签发后被改动。`,
          });
          recorded = {
            organizationName: at.organizationName,
            uscc: at.uscc,
            itemName: at.itemName,
            levels: at.levels,
            filedOn: at.filedOn,
            validUntil: at.validUntil,
          };
        }
      }
      const latest = events[events.length - 1]!;
      const latestFacts = parseFilingLeaf(latest.leaf);
      if (latestFacts && EVENT_STATUS[latestFacts.type] !== row.status) {
        reasons.push({
          code: 'STATUS_CHANGED',
          message: `记录的状态“${FILING_STATUS_LABELS[row.status] ?? row.status}”与日志中最近的事件（${FILING_STATUS_LABELS[EVENT_STATUS[latestFacts.type]]}）不一致：状态在系统之外被改动。`,
        });
      }
      log = await this.inclusion(latest, reasons);
    }
    const integrity = await this.digests(db, receiptNo, reasons);
    return {
      ...filing,
      statusLabel: FILING_STATUS_LABELS[filing.status],
      valid: reasons.length === 0 && row.status === 'active',
      reasons,
      verifyUrl,
      log,
      ...(recorded ? { recorded } : {}),
      ...(integrity ? { integrity } : {}),
    };
  }

  /** GET /public/filings/:receiptNo/proof: the filing's latest event under the latest signed checkpoint. */
  async proof(receiptNo: string): Promise<z.infer<typeof filingProofSchema>> {
    const events = await this.sequencedEvents(await this.ctx.reads.fresh(), receiptNo);
    const latest = events[events.length - 1];
    if (!latest) refuse('NOT_FOUND', `备案登记日志中没有编号为“${receiptNo}”的回执，请核对回执编号。`);
    const cp = await this.ctx.log.checkpoint();
    if (latest.leafIndex === null || !cp || cp.size <= latest.leafIndex) refuse('CONFLICT', '该回执的最新事件尚未进入已签名的检查点，请稍后再试。');
    const proof = await this.ctx.log.inclusionProof(latest.leafIndex, cp.size);
    return {
      checkpoint: cp.note,
      treeSize: cp.size,
      leafIndex: latest.leafIndex,
      leaf: Buffer.from(latest.leaf, 'utf8').toString('base64'),
      inclusionProof: proof.map((h) => h.toString('base64')),
    };
  }

  /** A filing's events; one written moments ago is sequenced first on the primary (the answer waits for its checkpoint). */
  private async sequencedEvents(db: Db, receiptNo: string): Promise<FilingEventRow[]> {
    let events = await eventsOf(db, receiptNo);
    if (events.some((e) => e.leafIndex === null)) {
      await this.ctx.log.integrate();
      events = await eventsOf(this.ctx.db, receiptNo);
    }
    return events;
  }

  private async inclusion(latest: FilingEventRow, reasons: Reason[]): Promise<Verification['log']> {
    const base = { latestEvent: latest.type };
    const cp = await this.ctx.log.checkpoint();
    if (latest.leafIndex === null || !cp || cp.size <= latest.leafIndex) {
      reasons.push({ code: 'NOT_YET_CHECKPOINTED', message: '该回执的最新事件尚未进入已签名的检查点。' });
      return { ...base, included: false, ...(latest.leafIndex !== null ? { leafIndex: latest.leafIndex } : {}) };
    }
    const proof = await this.ctx.log.inclusionProof(latest.leafIndex, cp.size).catch(() => null);
    const root = proof && rootFromInclusionProof(latest.leafIndex, cp.size, leafHash(Buffer.from(latest.leaf, 'utf8')), proof);
    const included = !!root && root.equals(cp.root);
    if (!included) reasons.push({ code: 'PROOF_FAILED', message: '该回执的日志记录无法证明包含在已签名的检查点中：日志在系统之外被改动。' });
    return { ...base, included, leafIndex: latest.leafIndex, treeSize: cp.size };
  }

  /** SEC-14 digests: fixed at issuance (named in the sealed audit record), and the records still match them. */
  private async digests(db: Db, receiptNo: string, reasons: Reason[]) {
    const [integrity, record] = await Promise.all([filingIntegrity(db, receiptNo), issuanceRecord(db, receiptNo)]);
    if (!integrity) {
      reasons.push({ code: 'DIGEST_MISSING', message: '没有签发时固定的申报信息摘要（SM3），无法证明备案内容未被改动。' });
      return null;
    }
    const sealed =
      record && record.mac && checkSeal(auditLeaf(record), record.mac) ? (record.after as { snapshotDigest?: string; materialsDigest?: string } | null) : null;
    if (!sealed || sealed.snapshotDigest !== integrity.snapshotDigest || sealed.materialsDigest !== integrity.materialsDigest) {
      reasons.push({ code: 'DIGEST_CHANGED', message: '回执所载的 SM3 摘要与签发时审计记录中的不一致：摘要在签发后被改动。' });
    } else if (!integrity.intact) {
      reasons.push({ code: 'RECORDS_CHANGED', message: '申报信息或材料清单与签发时的 SM3 摘要不一致：备案所依据的记录在签发后被改动。' });
    }
    return integrity;
  }
}
