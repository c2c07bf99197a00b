/** The applicant's commands on API v1. */
import { del, patch, post, upload } from '../../lib/api';
import type { Application, ApplicationInput, ApplicationPatch, Material } from '../../lib/types';

export const createApplication = (body: ApplicationInput) => post<Application>('/applications', body);
export const patchApplication = (id: string, body: ApplicationPatch) => patch<Application>(`/applications/${id}`, body);
export const requestRecommendation = (id: string) => post<Application>(`/applications/${id}/request-recommendation`);
export const submitApplication = (id: string, idempotencyKey: string) => post<Application>(`/applications/${id}/submit`, { idempotencyKey });
export const deleteMaterial = (id: string, materialId: string) => del<void>(`/applications/${id}/materials/${materialId}`);
export const uploadMaterial = (id: string, fields: { kind: string; itemId?: string }, file: File, onProgress: (f: number) => void) =>
  upload<Material>(`/applications/${id}/materials`, fields, file, onProgress);
/** 三(四): the applicant submits its project-evaluation materials for one item (stops the 3-month clock). */
export const submitProject = (itemId: string, note: string) => post<Application>(`/application-items/${itemId}/project-submission`, { note });
/** 撤回申报 before acceptance (api-v1 "Withdrawal"): final; a submitted application still counts for the one-year rule. */
export const withdrawApplication = (id: string) => post<Application>(`/applications/${id}/withdraw`);
