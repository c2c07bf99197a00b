/**
 * The officials' work lists (issues 10 and 13): one page at a time from the server, split by
 * `queue` into 待我处理 (mine) and 已处理 (handled). The counts of the tabs and of the menu come from
 * one request, `GET /work-counts` (each the `total` its list answers), shared by every page.
 * Every key starts with 'applications', so the invalidation after an official's act refreshes the
 * list, the counts and the menu's badge together.
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';
import type { applicationItemSummarySchema } from '../../../contract/applications';
import type { QueueCounts, WorkCounts } from '../../../contract/work-counts';
import { get } from './api';
import type { ApplicationSummary, Paged } from './types';

export type ApplicationItemSummary = z.infer<typeof applicationItemSummarySchema>;
export type WorkTab = 'mine' | 'handled' | 'all';
export type WorkPath = '/applications' | '/application-items';
export type WorkRow<P extends WorkPath> = P extends '/applications' ? ApplicationSummary : ApplicationItemSummary;

export const WORK_PAGE_SIZE = 20;

/** Reads the tab from the address (?tab=handled|all; 待我处理 when absent). */
export function tabOf(params: URLSearchParams): WorkTab {
  const v = params.get('tab');
  return v === 'handled' || v === 'all' ? v : 'mine';
}

export function pageOf(params: URLSearchParams): number {
  return Math.max(1, Number(params.get('page')) || 1);
}

/** GET /work-counts: every count of the menu and the tabs, in one request (refreshed with the lists). */
export const WORK_COUNTS_KEY = ['applications', 'work-counts'] as const;
const fetchWorkCounts = () => get<WorkCounts>('/work-counts');

export function useAllWorkCounts(enabled = true) {
  return useQuery({ queryKey: WORK_COUNTS_KEY, queryFn: fetchWorkCounts, enabled, refetchInterval: 60_000 });
}

const LIST_OF: Record<WorkPath, 'applications' | 'applicationItems'> = { '/applications': 'applications', '/application-items': 'applicationItems' };
const NONE: QueueCounts = { mine: 0, handled: 0, all: 0 };

/** The counts of 待我处理 and 已处理 (and of everything in scope) of one list: the shared answer of GET /work-counts. */
export function useWorkCounts(path: WorkPath, enabled = true) {
  return useQuery({ queryKey: WORK_COUNTS_KEY, queryFn: fetchWorkCounts, enabled, select: (c: WorkCounts) => c[LIST_OF[path]] ?? NONE });
}

/** One page of a tab, sorted by the server. */
export function useWorkPage<P extends WorkPath>(path: P, tab: WorkTab, page: number, sort?: string) {
  return useQuery({
    queryKey: ['applications', 'work', path, tab, page, sort],
    queryFn: () =>
      get<Paged<WorkRow<P>>>(path, {
        page,
        pageSize: WORK_PAGE_SIZE,
        ...(tab === 'all' ? {} : { queue: tab }),
        ...(sort ? { sort } : {}),
      }),
    placeholderData: keepPreviousData,
  });
}

/** The menu's badge: how many wait for this role in a list (applications, or items for the bureau and the centre's 项目评估). */
export function awaitingIn(counts: WorkCounts | undefined, path: WorkPath | undefined): number {
  return (path && counts?.[LIST_OF[path]]?.mine) || 0;
}

/**
 * The inbox refreshes its own queries (key 'inbox') when a message is read; the menu's unread count
 * is part of GET /work-counts, so this watcher — idle until an 'inbox' invalidation — refetches it then.
 */
export function useInboxWatcher() {
  const qc = useQueryClient();
  useQuery({
    queryKey: ['inbox', 'work-counts-watch'],
    queryFn: async () => {
      await qc.refetchQueries({ queryKey: WORK_COUNTS_KEY });
      return Date.now();
    },
    initialData: 0,
    staleTime: Infinity,
  });
}

/** The tab, page and sort of a work list, kept in the address (a reload or a link shows the same page). */
export function useWorkParams(defaultSort: Record<WorkTab, string>) {
  const [params, setParams] = useSearchParams();
  const tab = tabOf(params);
  const page = pageOf(params);
  const sort = params.get('sort') ?? defaultSort[tab];
  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };
  return {
    tab,
    page,
    sort,
    setTab: (t: WorkTab) => update({ tab: t === 'mine' ? undefined : t, page: undefined, sort: undefined }),
    setPage: (p: number) => update({ page: p > 1 ? String(p) : undefined }),
    setSort: (s: string | undefined) => update({ sort: s, page: undefined }),
  };
}

/** antd Table pagination for a server-paged list. */
export function serverPagination(total: number, page: number, setPage: (p: number) => void) {
  return { current: page, pageSize: WORK_PAGE_SIZE, total, hideOnSinglePage: true, showSizeChanger: false, onChange: setPage };
}
