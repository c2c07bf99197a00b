import type { ItemStatus, ObjectionStatus } from '../../../contract/enums.js';
import type { WorkingCalendar } from './calendar.js';
import { countWorkingDays } from './calendar.js';
import { refuse } from './refusal.js';
import { addDays, endOfShanghaiDay, shanghaiDateOf, startOfShanghaiDay, type IsoDate } from './time.js';

/**
 * 三(五) 公示期为5个工作日: starts on the day it is published if that is a working day, else on the
 * next working day (day 1); ends at 24:00 of day N.
 */
export function publicityPeriod(cal: WorkingCalendar, publishedAt: Date, workingDays: number) {
  const span = countWorkingDays(cal, shanghaiDateOf(publishedAt), workingDays);
  const startsOn = span.days[0] as IsoDate;
  return { startsOn, endsOn: span.endsOn, skipped: span.skipped };
}

/**
 * 三(五) 经市人社局同意的…向社会公示: only approved items go on a notice, and a notice of items from
 * several calls runs for the longest period any of those calls sets (publicityWorkingDays).
 */
export function noticeWorkingDays(items: readonly { name: string; status: ItemStatus; publicityWorkingDays: number }[]): number {
  if (items.length === 0) refuse('VALIDATION_FAILED', '请至少选择一个经市人社局同意的项目。');
  const notApproved = items.filter((i) => i.status !== 'approved');
  if (notApproved.length) refuse('CONFLICT', `以下项目尚未经市人社局同意，不能公示：${notApproved.map((i) => i.name).join('、')}。`, '三(五)');
  return Math.max(...items.map((i) => i.publicityWorkingDays));
}

/** An objection is concluded once (upheld or dismissed). */
export function requirePendingObjection(o: { status: ObjectionStatus }): void {
  if (o.status !== 'pending') refuse('CONFLICT', '该异议已处理，不能重复处理。');
}

export function isOpen(p: { startsOn: IsoDate; endsOn: IsoDate }, now: Date): boolean {
  return now >= startOfShanghaiDay(p.startsOn) && now < endOfShanghaiDay(p.endsOn);
}

export function hasEnded(p: { endsOn: IsoDate }, now: Date): boolean {
  return now >= endOfShanghaiDay(p.endsOn);
}

/** Objections are taken only during the notice (三(五) 向社会公示). */
export function requireOpenForObjections(p: { startsOn: IsoDate; endsOn: IsoDate }, now: Date): void {
  if (now < startOfShanghaiDay(p.startsOn)) refuse('PUBLICITY_CLOSED', `公示期自 ${p.startsOn} 开始，届时方可提出异议。`, '三(五)');
  if (hasEnded(p, now)) refuse('PUBLICITY_CLOSED', `公示期已于 ${p.endsOn} 24时结束，不再受理异议。`, '三(五)');
}

export type ItemOutcome = { to: 'filed'; filedOn: IsoDate } | { to: 'objection_upheld' } | { to: 'wait' };

/**
 * What becomes of an item in a notice once the notice has ended: any upheld objection → 异议成立;
 * a pending one → it waits; otherwise filed. `filedOn` is the day after the notice ended, or for an
 * item that waited, the Shanghai date its last objection was dismissed.
 */
export function itemOutcome(endsOn: IsoDate, objections: { status: ObjectionStatus; resolvedAt: Date | null }[]): ItemOutcome {
  if (objections.some((o) => o.status === 'upheld')) return { to: 'objection_upheld' };
  if (objections.some((o) => o.status === 'pending')) return { to: 'wait' };
  const noticeEnd = addDays(endsOn, 1);
  const lastDismissal = objections
    .map((o) => (o.resolvedAt ? shanghaiDateOf(o.resolvedAt) : null))
    .filter((d): d is IsoDate => d !== null)
    .sort()
    .at(-1);
  return { to: 'filed', filedOn: lastDismissal && lastDismissal > noticeEnd ? lastDismissal : noticeEnd };
}
