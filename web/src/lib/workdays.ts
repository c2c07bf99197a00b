/**
 * Working days (domain.md): Monday–Friday, minus the State Council's holidays, plus its make-up
 * working days — from the calendar the administrator maintains (GET /calendar/days?year=). Used to
 * say how many working days are left before a deadline; the rules themselves are the server's.
 */
import { useQueries } from '@tanstack/react-query';
import { get } from './api';

export interface CalendarYear {
  year: number;
  known: boolean;
  days: { date: string; type: 'holiday' | 'workday'; name: string }[];
}

export function useCalendarYears(years: number[]) {
  const uniq = [...new Set(years)].sort();
  const qs = useQueries({
    queries: uniq.map((y) => ({ queryKey: ['calendar-days', y], queryFn: () => get<CalendarYear>('/calendar/days', { year: y }), staleTime: 10 * 60_000 })),
  });
  const map = new Map<string, 'holiday' | 'workday'>();
  const known = new Set<number>();
  qs.forEach((q) => {
    if (!q.data) return;
    if (q.data.known) known.add(q.data.year);
    for (const d of q.data.days) map.set(d.date, d.type);
  });
  return { overrides: map, known, ready: qs.every((q) => !q.isPending) };
}

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export function isWorkingDay(date: string, overrides: Map<string, 'holiday' | 'workday'>): boolean {
  const o = overrides.get(date);
  if (o) return o === 'workday';
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** Working days from `from` (exclusive) to `to` (inclusive); 0 when `to` is today or past. */
export function workingDaysUntil(from: string, to: string, overrides: Map<string, 'holiday' | 'workday'>): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d, overrides)) n++;
  return n;
}
