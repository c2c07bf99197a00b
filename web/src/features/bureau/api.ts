/** The bureau's reads and its one command (API v1). */
import { useQuery } from '@tanstack/react-query';
import { get, post } from '../../lib/api';
import type { Application, ApplicationItem, ApplicationSummary, Paged } from '../../lib/types';

export type ApprovalDecision = 'approve' | 'reject';
export const approve = (itemId: string, body: { decision: ApprovalDecision; comment: string }) =>
  post<Application>(`/application-items/${itemId}/approval`, body);

export interface QueueRow {
  key: string;
  appId: string;
  org: string;
  item: ApplicationItem;
}

const DECIDED = new Set(['approved', 'not_approved', 'in_publicity', 'objection_upheld', 'filed']);

/** Items across applications: those waiting for the bureau (project_passed) and those it has decided. */
export function useApprovalQueue() {
  return useQuery({
    queryKey: ['applications', 'bureau', 'queue'],
    queryFn: async () => {
      const list = await get<Paged<ApplicationSummary>>('/applications', { status: 'institution_passed', pageSize: 200 });
      const details = await Promise.all(list.items.map((a) => get<Application>(`/applications/${a.id}`)));
      const rows = details.flatMap((a) => a.items.map((i): QueueRow => ({ key: i.id, appId: a.id, org: a.organization.name, item: i })));
      return { pending: rows.filter((r) => r.item.status === 'project_passed'), done: rows.filter((r) => DECIDED.has(r.item.status)) };
    },
  });
}
