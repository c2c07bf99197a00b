import { describe, expect, it } from 'vitest';
import { answerMismatch, inCaseOrder } from './aggregate-after.js';
import type { ApplicationView } from './applications.view.js';

/**
 * The command's answer is the case as its write left it (0020); the whole test suite compares every
 * answer with the case read again (`ApplicationCommands.checkAnswers`). These are that check's own cases.
 */
const view = (over: Partial<ApplicationView> = {}) =>
  ({ id: 'a', version: 3, status: 'accepted', history: [{ at: 't', actor: '中心', action: '受理' }], ...over }) as ApplicationView;

describe('the check of a command’s answer', () => {
  it('agrees when the answer is what a read gives', () => {
    expect(answerMismatch(view(), view())).toBeNull();
  });
  it('names each field that differs, with both values', () => {
    const wrong = answerMismatch(view({ status: 'submitted' }), view());
    expect(wrong).toContain('status: answered "submitted", read "accepted"');
    expect(wrong).not.toContain('history');
    expect(answerMismatch(view({ history: [] }), view())).toContain('history: answered []');
  });
  it('compares nothing when the case moved on meanwhile (another command’s version)', () => {
    expect(answerMismatch(view({ status: 'submitted' }), view({ version: 4 }))).toBeNull();
  });
});

describe('rows in the case’s order', () => {
  it('by instant, then by id as text (the order of uuids in PostgreSQL)', () => {
    const t = (s: string) => new Date(`2024-09-10T10:00:0${s}+08:00`);
    const rows = [
      { id: 'b', at: t('1') },
      { id: 'c', at: t('0') },
      { id: 'a', at: t('1') },
    ];
    expect(
      inCaseOrder(
        rows,
        (r) => r.at,
        (r) => r.id,
      ).map((r) => r.id),
    ).toEqual(['c', 'a', 'b']);
  });
});
