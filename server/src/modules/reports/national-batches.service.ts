import { XLSX_CONTENT_TYPE } from '../../../../contract/reports.js';
import { appendAudit, recordAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { refuse } from '../../workflow/refusal.js';
import { shanghaiDateOf, toShanghaiIso } from '../../workflow/time.js';
import { FILING_STATUS_LABELS } from '../documents/documents.service.js';
import { filingsOfBatch, findBatch, insertBatch, listBatches, lockUnreportedFilings, markReported } from './national-batches.repository.js';
import { levelsOf, type ReportFile } from './reports.service.js';
import { toXlsx, type Column, type Value } from './spreadsheet.js';

/**
 * Report to the national centre (api-v1 "Rules clarified": 报备): a batch reports, once, every filing
 * of a period that no earlier batch reported. Which filings and when is our rule, not the notice's.
 */
export class NationalBatchesService {
  constructor(private readonly ctx: ServiceContext) {}

  /**
   * Makes a batch: the filings are locked and marked, the batch row and its audit record written,
   * all in one transaction at one business instant (every filing's `reportedAt`).
   */
  async create(who: AuditActor, input: { from: string; to: string }) {
    const { from, to } = input;
    if (from > to) refuse('VALIDATION_FAILED', `起始日期 ${from} 晚于截止日期 ${to}，请调整起止日期。`);
    const now = this.ctx.clock.now();
    return this.ctx.db.transaction().execute(async (tx) => {
      const filings = await lockUnreportedFilings(tx, from, to);
      if (filings.length === 0) {
        refuse('CONFLICT', `备案日期在 ${from} 至 ${to} 之间的备案均已报备（或该期间没有备案），没有可报备的内容，请调整起止日期。`);
      }
      const id = await insertBatch(tx, { from, to, createdAt: now, createdBy: who.id, filingCount: filings.length });
      await markReported(tx, id, filings, now);
      await appendAudit(tx, who, { action: 'report.national_batch', entityType: 'report', entityId: id, after: { from, to, filings } }, now);
      return { id, createdAt: toShanghaiIso(now), from, to, filings };
    });
  }

  async list(q: { page: number; pageSize: number }) {
    const { rows, total } = await listBatches(this.ctx.db, q.page, q.pageSize);
    return {
      items: rows.map((r) => ({
        id: r.id,
        createdAt: toShanghaiIso(new Date(r.created_at)),
        from: r.from_date,
        to: r.to_date,
        filingCount: r.filing_count,
        createdBy: r.created_by_name ?? null,
      })),
      total,
    };
  }

  /** The batch as the spreadsheet sent to the national centre; each download is audited (SEC-09). */
  async xlsx(who: AuditActor, id: string): Promise<ReportFile> {
    const batch = await findBatch(this.ctx.db, id);
    if (!batch) refuse('NOT_FOUND', '报备批次不存在。');
    const rows = await filingsOfBatch(this.ctx.db, id);
    const columns: Column[] = [
      { header: '回执编号', width: 18 },
      { header: '社评组织名称', width: 36 },
      { header: '统一社会信用代码', width: 22 },
      { header: '职业（工种）名称', width: 32 },
      { header: '职业编码', width: 13 },
      { header: '等级', width: 36 },
      { header: '备案日期', type: 'date', width: 12 },
      { header: '有效期至', type: 'date', width: 12 },
      { header: '状态', width: 9 },
      { header: '报备时间', type: 'datetime', width: 20 },
    ];
    const data: Value[][] = rows.map((r) => [
      r.receipt_no,
      r.org_name,
      r.uscc,
      r.item_name,
      r.occupation_code ?? '',
      r.kind === 'special_ability' ? '专项职业能力' : levelsOf(r.levels),
      r.filed_on,
      r.valid_until,
      FILING_STATUS_LABELS[r.status],
      r.reported_at ? new Date(r.reported_at) : null,
    ]);
    const now = this.ctx.clock.now();
    const createdAt = new Date(batch.created_at);
    const body = await toXlsx('报备备案', columns, data, [
      ['报表', '社会培训评价组织备案信息报备批次（报中国就业培训技术指导中心）'],
      ['批次编号', batch.id],
      ['备案日期范围', `${batch.from_date} 至 ${batch.to_date}`],
      ['报备时间', toShanghaiIso(createdAt)],
      ['报备人', batch.created_by_name ?? ''],
      ['记录数', String(data.length)],
      ['生成时间', toShanghaiIso(now)],
      ['生成人', who.label],
      ['说明', '状态为生成本表时的备案状态；日期为北京时间的日历日，报备时间为北京时间。'],
    ]);
    await recordAudit(this.ctx.db, who, { action: 'report.national_batch_xlsx', entityType: 'report', entityId: id, after: { rows: data.length } }, now);
    return {
      body,
      fileName: `备案报备批次-${batch.from_date}至${batch.to_date}-${shanghaiDateOf(createdAt)}-${batch.id.slice(0, 8)}.xlsx`,
      contentType: XLSX_CONTENT_TYPE,
      rows: data.length,
    };
  }
}
