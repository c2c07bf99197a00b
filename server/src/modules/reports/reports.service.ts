import { APPLICATION_STATUS_LABELS, ITEM_STATUS_LABELS, SKILL_LEVEL_LABELS, type ApplicationStatus } from '../../../../contract/enums.js';
import { recordAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { refuse } from '../../workflow/refusal.js';
import { shanghaiDateOf, toShanghaiIso } from '../../workflow/time.js';
import { FILING_STATUS_LABELS } from '../documents/documents.service.js';
import { LEGAL_FORM_LABELS } from '../documents/notice-text.js';
import { maskPhone, openPersonal } from '../../platform/crypto/personal-data.js';
import { applicationsForExport, filingsForReport, itemsAndSitesOf } from './reports.repository.js';
import { toCsv, toXlsx, type Column, type Value } from './spreadsheet.js';

export interface ReportFile {
  body: Buffer;
  fileName: string;
  contentType: string;
  rows: number;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** 等级 as the reports print it: the levels in words, or 专项职业能力 for an item without levels. */
export const levelsOf = (levels: number[]) => (levels.length ? levels.map((l) => SKILL_LEVEL_LABELS[l] ?? `${l}级`).join('、') : '专项职业能力');

function checkRange(from?: string, to?: string): void {
  if (from && to && from > to) refuse('VALIDATION_FAILED', `起始日期 ${from} 晚于截止日期 ${to}，请调整查询范围。`);
}

/**
 * Reports and exports. Every one is audited with who asked, the filter and the row count (SEC-09);
 * mobile numbers are masked (SEC-13).
 */
export class ReportsService {
  constructor(private readonly ctx: ServiceContext) {}

  /** 三(五) 向中国就业培训技术指导中心报备: one row per filing, Chinese headers, dates as dates. */
  async filingsXlsx(who: AuditActor, q: { from?: string; to?: string }): Promise<ReportFile> {
    checkRange(q.from, q.to);
    const rows = await filingsForReport(this.ctx.db, q);
    const columns: Column[] = [
      { header: '序号', type: 'number', width: 6 },
      { header: '备案回执编号', width: 18 },
      { header: '社评组织名称', width: 36 },
      { header: '统一社会信用代码', width: 22 },
      { header: '单位类型', width: 14 },
      { header: '所在区', width: 10 },
      { header: '附件序号', type: 'number', width: 9 },
      { header: '职业编码', width: 13 },
      { header: '职业（工种）', width: 32 },
      { header: '等级', width: 36 },
      { header: '备案日期', type: 'date', width: 12 },
      { header: '有效期至', type: 'date', width: 12 },
      { header: '备案状态', width: 9 },
      { header: '撤销日期', type: 'date', width: 12 },
      { header: '撤销原因', width: 30 },
      { header: '征集文件', width: 22 },
      { header: '联系人', width: 10 },
      { header: '联系电话', width: 14 },
    ];
    const data: Value[][] = rows.map((r, i) => [
      i + 1,
      r.receipt_no,
      r.org_name,
      r.uscc,
      LEGAL_FORM_LABELS[r.legal_form],
      r.district_name,
      r.seq,
      r.occupation_code ?? '',
      r.item_name,
      r.kind === 'special_ability' ? '专项职业能力' : levelsOf(r.levels),
      r.filed_on,
      r.valid_until,
      FILING_STATUS_LABELS[r.status],
      r.revoked_at ? shanghaiDateOf(new Date(r.revoked_at)) : null,
      r.revoke_reason ?? '',
      r.doc_number,
      r.contact_name,
      maskPhone(openPersonal(r.contact_phone)),
    ]);
    const now = this.ctx.clock.now();
    const range = `${q.from ?? '不限'} 至 ${q.to ?? '不限'}`;
    const body = await toXlsx('备案信息', columns, data, [
      ['报表', '社会培训评价组织备案信息（报中国就业培训技术指导中心）'],
      ['备案日期范围', range],
      ['记录数', String(data.length)],
      ['生成时间', toShanghaiIso(now)],
      ['生成人', who.label],
      ['说明', '联系电话已脱敏；日期为北京时间的日历日。'],
    ]);
    await recordAudit(
      this.ctx.db,
      who,
      { action: 'report.filings_xlsx', entityType: 'report', entityId: 'filings', after: { from: q.from ?? null, to: q.to ?? null, rows: data.length } },
      now,
    );
    return { body, fileName: `备案信息报表-${shanghaiDateOf(now)}.xlsx`, contentType: XLSX, rows: data.length };
  }

  /** The centre's list of applications, as xlsx or CSV, filtered by campaign, status and submission date. */
  async applications(
    who: AuditActor,
    q: { campaignId?: string; status?: ApplicationStatus; from?: string; to?: string },
    format: 'xlsx' | 'csv',
  ): Promise<ReportFile> {
    checkRange(q.from, q.to);
    const apps = await applicationsForExport(this.ctx.db, q);
    const { items, sites } = await itemsAndSitesOf(
      this.ctx.db,
      apps.map((a) => a.id),
    );
    const columns: Column[] = [
      { header: '序号', type: 'number', width: 6 },
      { header: '申报编号', width: 38 },
      { header: '征集文件', width: 22 },
      { header: '申报单位', width: 36 },
      { header: '统一社会信用代码', width: 22 },
      { header: '单位类型', width: 14 },
      { header: '所在区', width: 10 },
      { header: '法定代表人', width: 10 },
      { header: '联系人', width: 10 },
      { header: '联系电话', width: 14 },
      { header: '电子邮箱', width: 24 },
      { header: '行业主管部门', width: 24 },
      { header: '申报职业（工种）及等级', width: 60 },
      { header: '考核点所在区', width: 20 },
      { header: '申报状态', width: 16 },
      { header: '首次提交时间（北京时间）', type: 'datetime', width: 20 },
      { header: '最近提交时间（北京时间）', type: 'datetime', width: 20 },
      { header: '补正期限', type: 'date', width: 12 },
      { header: '机构评估通过日期', type: 'date', width: 14 },
      { header: '创建时间（北京时间）', type: 'datetime', width: 20 },
    ];
    const data: Value[][] = apps.map((a, i) => [
      i + 1,
      a.id,
      a.doc_number,
      a.org_name,
      a.uscc,
      LEGAL_FORM_LABELS[a.legal_form],
      a.district_name,
      a.legal_representative,
      a.contact_name,
      maskPhone(openPersonal(a.contact_phone)),
      a.contact_email,
      a.industry_authority,
      items
        .filter((it) => it.application_id === a.id)
        .map((it) => `${it.seq} ${it.name}（${levelsOf(it.levels)}；${ITEM_STATUS_LABELS[it.status]}）`)
        .join('；'),
      [...new Set(sites.filter((s) => s.application_id === a.id).map((s) => s.district_name))].join('、'),
      APPLICATION_STATUS_LABELS[a.status],
      a.first_submitted_at ? new Date(a.first_submitted_at) : null,
      a.submitted_at ? new Date(a.submitted_at) : null,
      a.correction_due_on,
      a.institution_passed_on,
      new Date(a.created_at),
    ]);
    const now = this.ctx.clock.now();
    const filter =
      [
        q.campaignId && `批次 ${q.campaignId}`,
        q.status && `状态 ${APPLICATION_STATUS_LABELS[q.status]}`,
        (q.from || q.to) && `提交日期 ${q.from ?? '不限'} 至 ${q.to ?? '不限'}`,
      ]
        .filter(Boolean)
        .join('；') || '全部';
    const body =
      format === 'csv'
        ? toCsv(columns, data)
        : await toXlsx('申报信息', columns, data, [
            ['报表', '社会培训评价组织征集遴选申报信息'],
            ['筛选条件', filter],
            ['记录数', String(data.length)],
            ['生成时间', toShanghaiIso(now)],
            ['生成人', who.label],
            ['说明', '联系电话已脱敏；时间为北京时间。'],
          ]);
    await recordAudit(
      this.ctx.db,
      who,
      { action: `report.applications_${format}`, entityType: 'report', entityId: 'applications', after: { ...q, rows: data.length } },
      now,
    );
    return { body, fileName: `申报信息-${shanghaiDateOf(now)}.${format}`, contentType: format === 'csv' ? 'text/csv; charset=utf-8' : XLSX, rows: data.length };
  }
}
