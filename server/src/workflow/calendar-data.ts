/**
 * The State Council's holiday schedules (国务院办公厅关于部分节假日安排的通知) for 2024–2026,
 * as listed in docs/domain.md "Time rules": holidays by name, and the make-up working
 * weekends (调休上班). Ranges are expanded to single days. An administrator loads further
 * years at run time; a year missing here is unknown, never guessed.
 *
 * Working days per year with this data (verified against the official counts):
 * 2024 → 251, 2025 → 248, 2026 → 248.
 */
import type { CalendarOverride } from './calendar.js';
import { addDays, type IsoDate } from './time.js';

function holidays(first: IsoDate, last: IsoDate, name: string): CalendarOverride[] {
  const out: CalendarOverride[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) out.push({ date: d, type: 'holiday', name });
  return out;
}

function workdays(name: string, ...dates: IsoDate[]): CalendarOverride[] {
  return dates.map((date) => ({ date, type: 'workday', name }));
}

const byDate = (a: CalendarOverride, b: CalendarOverride): number => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

export const SEEDED_CALENDAR: { year: number; days: CalendarOverride[] }[] = [
  {
    // 国办发明电〔2023〕7号
    year: 2024,
    days: [
      ...holidays('2024-01-01', '2024-01-01', '元旦'),
      ...holidays('2024-02-10', '2024-02-17', '春节'),
      ...workdays('春节调休上班', '2024-02-04', '2024-02-18'),
      ...holidays('2024-04-04', '2024-04-06', '清明节'),
      ...workdays('清明节调休上班', '2024-04-07'),
      ...holidays('2024-05-01', '2024-05-05', '劳动节'),
      ...workdays('劳动节调休上班', '2024-04-28', '2024-05-11'),
      ...holidays('2024-06-10', '2024-06-10', '端午节'),
      ...holidays('2024-09-15', '2024-09-17', '中秋节'),
      ...workdays('中秋节调休上班', '2024-09-14'),
      ...holidays('2024-10-01', '2024-10-07', '国庆节'),
      ...workdays('国庆节调休上班', '2024-09-29', '2024-10-12'),
    ].sort(byDate),
  },
  {
    // 国办发明电〔2024〕12号
    year: 2025,
    days: [
      ...holidays('2025-01-01', '2025-01-01', '元旦'),
      ...holidays('2025-01-28', '2025-02-04', '春节'),
      ...workdays('春节调休上班', '2025-01-26', '2025-02-08'),
      ...holidays('2025-04-04', '2025-04-06', '清明节'),
      ...holidays('2025-05-01', '2025-05-05', '劳动节'),
      ...workdays('劳动节调休上班', '2025-04-27'),
      ...holidays('2025-05-31', '2025-06-02', '端午节'),
      ...holidays('2025-10-01', '2025-10-08', '国庆节、中秋节'),
      ...workdays('国庆节、中秋节调休上班', '2025-09-28', '2025-10-11'),
    ].sort(byDate),
  },
  {
    // 国办发明电〔2025〕7号
    year: 2026,
    days: [
      ...holidays('2026-01-01', '2026-01-03', '元旦'),
      ...workdays('元旦调休上班', '2026-01-04'),
      ...holidays('2026-02-15', '2026-02-23', '春节'),
      ...workdays('春节调休上班', '2026-02-14', '2026-02-28'),
      ...holidays('2026-04-04', '2026-04-06', '清明节'),
      ...holidays('2026-05-01', '2026-05-05', '劳动节'),
      ...workdays('劳动节调休上班', '2026-05-09'),
      ...holidays('2026-06-19', '2026-06-21', '端午节'),
      ...holidays('2026-09-25', '2026-09-27', '中秋节'),
      ...holidays('2026-10-01', '2026-10-07', '国庆节'),
      ...workdays('国庆节调休上班', '2026-09-20', '2026-10-10'),
    ].sort(byDate),
  },
];
