/** The centre's reads and commands on API v1. */
import { useQuery } from '@tanstack/react-query';
import { get, post, upload } from '../../lib/api';
import type { ApplicationItemSummary } from '../../lib/work-lists';
import type {
  Application,
  ApplicationSummary,
  ExpertSummary,
  Material,
  Objection,
  Paged,
  Publicity,
  RecommendationBody,
  SiteInspectionBody,
  Statistics,
} from '../../lib/types';

/** 资格审核 (通知 一): answers the organisation's eligibility, not the application — refetch it after. */
export const reviewEligibility = (organizationId: string, body: { decision: 'eligible' | 'not_eligible'; reason: string }) =>
  post<{ organizationId: string; eligibility: string }>(`/organizations/${organizationId}/eligibility-review`, body);
export const acceptance = (id: string, body: { decision: 'accept' | 'return' | 'reject'; reason: string }) =>
  post<Application>(`/applications/${id}/acceptance`, body);
export const assignExperts = (id: string, expertUserIds: string[]) => post<Application>(`/applications/${id}/experts`, { expertUserIds });
export const recordInspection = (id: string, body: SiteInspectionBody) => post<Application>(`/applications/${id}/site-inspections`, body);
export const institutionEvaluation = (id: string, body: { result: 'pass' | 'fail'; summary: string }) =>
  post<Application>(`/applications/${id}/institution-evaluation`, body);
export const projectEvaluation = (itemId: string, body: { result: 'pass' | 'fail'; summary: string }) =>
  post<Application>(`/application-items/${itemId}/project-evaluation`, body);
export const createPublicity = (body: { title: string; applicationItemIds: string[] }) => post<Publicity>('/publicities', body);
export const resolveObjection = (id: string, body: { decision: 'upheld' | 'dismissed'; reason: string }) =>
  post<Objection>(`/objections/${id}/resolution`, body);
export const uploadSitePhoto = (id: string, siteId: string, file: File, onProgress: (f: number) => void) =>
  upload<Material>(`/applications/${id}/materials`, { kind: 'site_photo', siteId }, file, onProgress);

/** The dashboard's new submissions: the longest waiting first, one page (the server counts them all). */
export function useSubmittedFirst(campaignId?: string) {
  return useQuery({
    queryKey: ['applications', 'center', 'submitted-first', campaignId ?? 'all'],
    queryFn: () =>
      get<Paged<ApplicationSummary>>('/applications', { ...(campaignId ? { campaignId } : {}), status: 'submitted', sort: 'submittedAt', pageSize: 20 }),
  });
}

/** Every item of a filtered item-level list (GET /application-items), a page of 200 at a time until its total. */
export async function fetchAllItems(query: { status?: string; sort?: string }): Promise<ApplicationItemSummary[]> {
  const out: ApplicationItemSummary[] = [];
  for (let page = 1; ; page++) {
    const p = await get<Paged<ApplicationItemSummary>>('/application-items', { ...query, page, pageSize: 200 });
    out.push(...p.items);
    if (p.items.length === 0 || out.length >= p.total) return out;
  }
}

export function usePublicities() {
  return useQuery({ queryKey: ['publicities'], queryFn: () => get<Publicity[]>('/publicities') });
}

/** The expert accounts the centre may assign (GET /experts: enabled accounts of role expert). */
export function useExperts() {
  return useQuery({
    queryKey: ['experts'],
    queryFn: async () => (await get<{ items: ExpertSummary[] }>('/experts')).items,
    staleTime: 5 * 60_000,
  });
}

/** The dashboard's counts and open deadlines, computed by the server (GET /statistics); fresh on every visit. */
export function useStatistics(campaignId?: string) {
  return useQuery({
    queryKey: ['statistics', campaignId ?? 'all'],
    queryFn: () => get<Statistics>('/statistics', campaignId ? { campaignId } : undefined),
    staleTime: 0,
  });
}

/** One page of objections, counted by the server (pending ones oldest first; searched by reference, organisation or item). */
export function useObjections(query: { status?: string; q?: string; page?: number; pageSize?: number } = {}) {
  const { status, q, page = 1, pageSize = 20 } = query;
  return useQuery({
    queryKey: ['objections', status ?? 'all', q ?? '', page, pageSize],
    queryFn: () => get<Paged<Objection>>('/objections', { status, q, page, pageSize }),
    placeholderData: (previous) => previous,
  });
}

/**
 * A recommendation received on paper, recorded by the centre on the recommender's behalf (api-v1
 * second reading): the recommender's own route with `onBehalfOf`, and the scanned letter.
 */
export const recordPaperRecommendation = (
  id: string,
  body: Required<Pick<RecommendationBody, 'onBehalfOf' | 'decision' | 'comment'>> & { letterMaterialId?: string },
) => post<Application>(`/applications/${id}/recommendations`, body);
/** The scanned 推荐函, uploaded by the centre while the application awaits recommendation (kind recommendation_letter). */
export const uploadLetter = (id: string, file: File, onProgress: (f: number) => void) =>
  upload<Material>(`/applications/${id}/materials`, { kind: 'recommendation_letter' }, file, onProgress);
