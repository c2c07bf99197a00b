import { APPLICATION_STATUS_LABELS, type ApplicationStatus } from '../../../contract/enums.js';
import { CALL_RULE_CLAUSE, type ApplicationCase, type CaseEvent, type CaseItem } from './case.js';
import { correctionPeriodRunning } from './checklist.js';
import type { Decision } from './commands.js';
import { refuse } from './refusal.js';
import { toShanghaiIso } from './time.js';

/** The guards every phase of decide() shares, and the shape of a decision that keeps or moves the case. */

export function notFound(): never {
  return refuse('NOT_FOUND', '未找到该申报，或您无权查看。');
}

export function wrongState(c: ApplicationCase, what: string): never {
  return refuse('CONFLICT', `申报当前为“${APPLICATION_STATUS_LABELS[c.status]}”，不能${what}。请刷新页面查看最新状态。`);
}

export function itemOf(c: ApplicationCase, itemId: string): CaseItem {
  return c.items.find((i) => i.id === itemId) ?? notFound();
}

/** Editing and uploads: only while the window is open (四(二)), or a correction period of the call's own rules runs. */
export function requireEditable(c: ApplicationCase, now: Date): void {
  if (correctionPeriodRunning(c, now)) return;
  if (c.correctionDueOn) {
    refuse(
      'DEADLINE_PASSED',
      `补正期限（本批次规则：${c.campaign.rules.correctionWorkingDays}个工作日）已于 ${c.correctionDueOn} 24时届满，申报已不能修改。`,
      CALL_RULE_CLAUSE,
      { rule: 'correctionWorkingDays' },
    );
  }
  if (now.getTime() >= c.campaign.closesAt.getTime()) {
    refuse('WINDOW_CLOSED', `申报已于 ${toShanghaiIso(c.campaign.closesAt)} 截止，未提交的申报只能查看，不能修改。`, '四(二)');
  }
}

/** A decision on the case: its next status (by default the same), what else changes, and its history lines. */
export function outcome(c: ApplicationCase) {
  return (events: CaseEvent[], status: ApplicationStatus = c.status, patch: Decision['patch'] = {}, items: Decision['items'] = []): Decision => ({
    status,
    patch,
    items,
    events,
  });
}
