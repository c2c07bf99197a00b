/**
 * One hook for a list the server pages (issue 10): the page number, the request of that page
 * (`page` and `pageSize` added to the filters), the previous page kept on screen while the next one
 * loads, and the props of antd's Table pagination. A change of filters starts again at page 1.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TablePaginationConfig } from 'antd';
import { useState } from 'react';
import { get, type Query } from './api';
import type { Paged } from './types';

export const PAGE_SIZE = 20;

export interface PagedOptions {
  pageSize?: number;
  /** the page, when the caller keeps it (e.g. in the address); then the caller starts again at 1 on a new filter */
  page?: number;
  onPage?: (page: number) => void;
}

/**
 * `key` is the prefix of the query's key (what a mutation invalidates, e.g. ['users']); the filters,
 * page and page size follow it. Filters left `undefined` or '' are not sent.
 */
export function usePagedQuery<T>(key: readonly unknown[], path: string, filters: Query = {}, options: PagedOptions = {}) {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const sent: Query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  const signature = JSON.stringify(sent);
  // the page belongs to the filters it was chosen under: new filters read page 1 (no effect, no extra render)
  const [own, setOwn] = useState({ signature, page: 1 });
  const page = options.page ?? (own.signature === signature ? own.page : 1);
  const setPage = options.onPage ?? ((p: number) => setOwn({ signature, page: p }));
  const query = useQuery({
    queryKey: [...key, sent, page, pageSize],
    queryFn: ({ signal }) => get<Paged<T>>(path, { ...sent, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
  /** antd Table `pagination`: hidden on a single page; `showTotal` says the server's count in words. */
  const pagination = (showTotal?: (n: number) => string): TablePaginationConfig => ({
    current: page,
    pageSize,
    total: query.data?.total ?? 0,
    hideOnSinglePage: true,
    showSizeChanger: false,
    ...(showTotal ? { showTotal: (n: number) => showTotal(n) } : {}),
    onChange: setPage,
  });
  return { query, page, setPage, pagination };
}
