import { describe, expect, it } from 'vitest';
import { FILING_REMINDER_DAYS, PROJECT_REMINDER_DAYS, backoffMs, reminderThreshold } from './delivery.service.js';

const due = new Date('2024-12-03T00:00:00+08:00'); // 24:00 of 2024-12-02
const at = (iso: string) => new Date(iso);

describe('reminder thresholds (三(四) 30/7/1 days, 三(五) 90/30 days)', () => {
  it('is the smallest threshold reached, so a clock that jumps never sends a stale one', () => {
    expect(reminderThreshold(due, at('2024-11-02T23:59:59+08:00'), PROJECT_REMINDER_DAYS)).toBeNull();
    expect(reminderThreshold(due, at('2024-11-03T00:00:00+08:00'), PROJECT_REMINDER_DAYS)).toBe(30);
    expect(reminderThreshold(due, at('2024-11-25T23:59:59+08:00'), PROJECT_REMINDER_DAYS)).toBe(30);
    expect(reminderThreshold(due, at('2024-11-26T00:00:00+08:00'), PROJECT_REMINDER_DAYS)).toBe(7);
    // jumped from 40 days before straight to 5 days before: only the 7-day reminder is due
    expect(reminderThreshold(due, at('2024-11-28T00:00:00+08:00'), PROJECT_REMINDER_DAYS)).toBe(7);
    expect(reminderThreshold(due, at('2024-12-02T00:00:00+08:00'), PROJECT_REMINDER_DAYS)).toBe(1);
    expect(reminderThreshold(due, due, PROJECT_REMINDER_DAYS)).toBeNull(); // past: the deadline itself applies
    expect(reminderThreshold(due, at('2024-09-04T00:00:00+08:00'), FILING_REMINDER_DAYS)).toBe(90);
    expect(reminderThreshold(due, at('2024-11-03T00:00:00+08:00'), FILING_REMINDER_DAYS)).toBe(30);
  });

  it('backs off exponentially with jitter, capped at an hour', () => {
    expect(backoffMs(1, () => 0)).toBe(30_000);
    expect(backoffMs(2, () => 0)).toBe(60_000);
    expect(backoffMs(4, () => 0)).toBe(240_000);
    expect(backoffMs(20, () => 0)).toBe(3_600_000);
    expect(backoffMs(1, () => 1)).toBe(33_000);
  });
});
