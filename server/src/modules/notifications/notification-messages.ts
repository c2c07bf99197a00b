import { APPLICATION_STATUS_LABELS, ITEM_STATUS_LABELS } from '../../../../contract/enums.js';
import type { NotificationKind } from '../../../../contract/notifications.js';

/** What one notification says — pure text, built from the facts of the change. */
export interface Message {
  kind: NotificationKind;
  title: string;
  body: string;
  /** a path of the web app to open */
  link?: string;
  entityType?: string;
  entityId?: string;
  /** set for things told once only (reminders, assignments) */
  dedupeKey?: string;
  /** urgent enough to be sent by SMS too */
  sms?: boolean;
}

/** A history line's from/to is any status word (an application's or an item's); unknown words are shown as they are. */
const labelOf = (labels: Readonly<Record<string, string>>, s?: string) => (s ? (labels[s] ?? s) : undefined);
const appLabel = (s?: string) => labelOf(APPLICATION_STATUS_LABELS, s);
const itemLabel = (s?: string) => labelOf(ITEM_STATUS_LABELS, s);

/** Statuses an applicant should hear of even away from the screen. */
const URGENT = new Set([
  'returned',
  'rejected',
  'recommendation_declined',
  'institution_failed',
  'abandoned',
  'objection_upheld',
  'not_approved',
  'project_failed',
]);

export function applicationStatusMessage(a: { id: string; docNumber: string }, e: { from?: string; to: string; note?: string }): Message {
  const to = appLabel(e.to)!;
  const from = appLabel(e.from);
  return {
    kind: 'status_changed',
    title: `申报状态：${to}`,
    body: `贵单位在“${a.docNumber}”征集遴选中的申报${from ? `由“${from}”` : ''}变为“${to}”。${e.note ? `说明：${e.note}` : ''}`,
    link: `/applications/${a.id}`,
    entityType: 'application',
    entityId: a.id,
    sms: URGENT.has(e.to),
  };
}

export function itemStatusMessage(
  a: { id: string; docNumber: string },
  item: { id: string; name: string },
  e: { from?: string; to: string; note?: string },
): Message {
  const to = itemLabel(e.to)!;
  const from = itemLabel(e.from);
  return {
    kind: 'item_status_changed',
    title: `申报项目“${item.name}”：${to}`,
    body: `贵单位在“${a.docNumber}”征集遴选中申报的“${item.name}”${from ? `由“${from}”` : ''}变为“${to}”。${e.note ? `说明：${e.note}` : ''}`,
    link: `/applications/${a.id}`,
    entityType: 'application_item',
    entityId: item.id,
    sms: URGENT.has(e.to),
  };
}

export function recommendationRequestedMessage(a: { id: string; docNumber: string; orgName: string; round: number }): Message {
  return {
    kind: 'recommendation_requested',
    title: `推荐申请：${a.orgName}`,
    body: `申报单位“${a.orgName}”在“${a.docNumber}”征集遴选中申请推荐，请审阅其申报信息后作出推荐或不予推荐的决定（三(一)）。`,
    link: `/applications/${a.id}`,
    entityType: 'application',
    entityId: a.id,
    dedupeKey: `recommendation:${a.id}:${a.round}`,
  };
}

export function expertAssignedMessage(a: { id: string; docNumber: string; orgName: string }): Message {
  return {
    kind: 'expert_assigned',
    title: `评估任务：${a.orgName}`,
    body: `市职鉴中心已指派您参与申报单位“${a.orgName}”（${a.docNumber}）的机构评估专家论证（三(三)）。如与该单位存在利益冲突，请在评审时声明回避。`,
    link: `/applications/${a.id}`,
    entityType: 'application',
    entityId: a.id,
  };
}

export type FilingNews = 'issued' | 'revoked' | 'expired' | 'suspended' | 'resumed';

export function filingMessage(
  what: FilingNews,
  f: { receiptNo: string; itemName: string; validUntil: string; reason?: string | null; suspendReason?: string | null },
): Message {
  const base = { link: `/filings/${f.receiptNo}`, entityType: 'filing', entityId: f.receiptNo, sms: true };
  switch (what) {
    case 'issued':
      return {
        ...base,
        kind: 'filing_issued',
        title: `已备案：${f.itemName}`,
        body: `贵单位申报的“${f.itemName}”经公示，准予备案（三(五)）。备案回执编号 ${f.receiptNo}，有效期至 ${f.validUntil}。可在系统中下载备案回执。`,
      };
    case 'revoked':
      return {
        ...base,
        kind: 'filing_revoked',
        title: `备案已撤销：${f.itemName}`,
        body: `贵单位“${f.itemName}”的备案（回执编号 ${f.receiptNo}）已被市人力资源和社会保障局撤销。${f.reason ? `原因：${f.reason}` : ''}`,
      };
    case 'suspended':
      return {
        ...base,
        kind: 'filing_suspended',
        title: `备案已暂停：${f.itemName}`,
        body: `贵单位“${f.itemName}”的备案（回执编号 ${f.receiptNo}）已被暂停：暂停期间该备案在公开名录中不再显示，核验结果为无效。${f.suspendReason ? `原因：${f.suspendReason}` : ''}`,
      };
    case 'resumed':
      return {
        ...base,
        kind: 'filing_resumed',
        title: `备案已恢复：${f.itemName}`,
        body: `贵单位“${f.itemName}”的备案（回执编号 ${f.receiptNo}）已恢复有效，有效期至 ${f.validUntil}。`,
      };
    case 'expired':
      return {
        ...base,
        kind: 'filing_expired',
        title: `备案有效期届满：${f.itemName}`,
        body: `贵单位“${f.itemName}”的备案（回执编号 ${f.receiptNo}）有效期至 ${f.validUntil}，现已届满（备案有效期，三(五)）。`,
      };
  }
}

export function objectionMessage(o: { reference: string; orgName: string; itemName: string; publicityId: string }): Message {
  return {
    kind: 'objection_received',
    title: `收到异议：${o.orgName}`,
    body: `公示期间收到对“${o.orgName}”申报的“${o.itemName}”的异议（编号 ${o.reference}），请核查后作出成立或不成立的处理。`,
    link: '/objections',
    entityType: 'objection',
    entityId: o.reference,
  };
}

/** 三(四) 3个月内完成项目评估 — 30, 7 and 1 days before. */
export function projectDeadlineReminder(
  audience: 'applicant' | 'center',
  r: { itemId: string; applicationId: string; itemName: string; orgName: string; dueOn: string; daysLeft: number },
  key: string,
): Message {
  const tail = `须于 ${r.dueOn} 24时前完成项目评估，距截止还有 ${r.daysLeft} 天；逾期未完成的，视作放弃申报（三(四)）。`;
  return {
    kind: 'project_deadline_reminder',
    title:
      audience === 'applicant'
        ? `项目评估截止提醒：${r.itemName}（还有 ${r.daysLeft} 天）`
        : `项目评估截止提醒：${r.orgName}·${r.itemName}（还有 ${r.daysLeft} 天）`,
    body: audience === 'applicant' ? `贵单位申报的“${r.itemName}”${tail}` : `申报单位“${r.orgName}”的“${r.itemName}”${tail}`,
    link: `/applications/${r.applicationId}`,
    entityType: 'application_item',
    entityId: r.itemId,
    dedupeKey: key,
    sms: audience === 'applicant',
  };
}

/** 三(五) 备案有效期为3年 — 90 and 30 days before it ends. */
export function filingExpiryReminder(
  audience: 'applicant' | 'center',
  r: { receiptNo: string; itemName: string; orgName: string; validUntil: string; daysLeft: number },
  key: string,
): Message {
  const tail = `的备案（回执编号 ${r.receiptNo}）有效期至 ${r.validUntil}，还有 ${r.daysLeft} 天到期（备案有效期，三(五)）。`;
  return {
    kind: 'filing_expiry_reminder',
    title:
      audience === 'applicant' ? `备案即将到期：${r.itemName}（还有 ${r.daysLeft} 天）` : `备案即将到期：${r.orgName}·${r.itemName}（还有 ${r.daysLeft} 天）`,
    body: audience === 'applicant' ? `贵单位“${r.itemName}”${tail}` : `“${r.orgName}”的“${r.itemName}”${tail}`,
    link: `/filings/${r.receiptNo}`,
    entityType: 'filing',
    entityId: r.receiptNo,
    dedupeKey: key,
    sms: audience === 'applicant',
  };
}
