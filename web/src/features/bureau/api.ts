/** The bureau's reads and its one command (API v1). */
import { post } from '../../lib/api';
import type { Application } from '../../lib/types';

export type ApprovalDecision = 'approve' | 'reject';
export const approve = (itemId: string, body: { decision: ApprovalDecision; comment: string }) =>
  post<Application>(`/application-items/${itemId}/approval`, body);
