/** Reads several features share (the features never import each other; they import these). */
import { useQuery } from '@tanstack/react-query';
import { get } from './api';
import type { Application, Authority, Campaign, CampaignItem, Checklist, ClockState, Inbox, Publicity } from './types';

export const keys = {
  campaigns: ['campaigns'] as const,
  items: (campaignId: string) => ['campaign-items', campaignId] as const,
  application: (id: string) => ['application', id] as const,
  checklist: (id: string) => ['checklist', id] as const,
  applications: (q: object) => ['applications', q] as const,
  clock: ['clock'] as const,
  publicPublicities: ['public-publicities'] as const,
  authorities: ['authorities'] as const,
};

export function useCampaigns() {
  return useQuery({ queryKey: keys.campaigns, queryFn: () => get<Campaign[]>('/campaigns'), staleTime: 5 * 60_000 });
}

export function useCampaignItems(campaignId: string | undefined) {
  return useQuery({
    queryKey: keys.items(campaignId ?? ''),
    queryFn: () => get<CampaignItem[]>(`/campaigns/${campaignId}/items`),
    enabled: !!campaignId,
    staleTime: 30 * 60_000,
  });
}

export function useApplication(id: string | undefined) {
  return useQuery({ queryKey: keys.application(id ?? ''), queryFn: () => get<Application>(`/applications/${id}`), enabled: !!id });
}

export function useChecklist(id: string | undefined, enabled = true) {
  return useQuery({ queryKey: keys.checklist(id ?? ''), queryFn: () => get<Checklist>(`/applications/${id}/checklist`), enabled: !!id && enabled });
}

/** The maintained list of industry authorities (GET /authorities), each with whether it is active and has an account. */
export function useAuthorities() {
  return useQuery({ queryKey: keys.authorities, queryFn: () => get<Authority[]>('/authorities'), staleTime: 60_000 });
}

export function usePublicPublicities() {
  return useQuery({ queryKey: keys.publicPublicities, queryFn: () => get<Publicity[]>('/public/publicities') });
}

/** The business clock (simulated in the demo): its "now" and whether it is simulated. */
export function useClock() {
  return useQuery({
    queryKey: keys.clock,
    queryFn: async () => {
      const sent = Date.now();
      const c = await get<ClockState>('/system/clock');
      const received = Date.now();
      // offset between the business clock and this browser's clock, at the middle of the round trip
      return { ...c, offsetMs: new Date(c.now).getTime() - (sent + received) / 2 };
    },
    staleTime: 60_000,
    refetchInterval: 60_000,
  });
}

/** The campaign whose window is open now, else the next to open, else the latest. */
export function currentCampaign(campaigns: Campaign[] | undefined, nowMs: number): Campaign | undefined {
  if (!campaigns?.length) return undefined;
  const open = campaigns.find((c) => Date.parse(c.opensAt) <= nowMs && nowMs < Date.parse(c.closesAt));
  if (open) return open;
  const upcoming = campaigns.filter((c) => Date.parse(c.opensAt) > nowMs).sort((a, b) => Date.parse(a.opensAt) - Date.parse(b.opensAt))[0];
  return upcoming ?? [...campaigns].sort((a, b) => Date.parse(b.opensAt) - Date.parse(a.opensAt))[0];
}

/** The inbox's shapes are the contract's (contract/notifications.ts); re-exported for the pages that read them here. */
export type { Inbox, InboxMessage } from './types';

/** GET /inbox — the signed-in user's messages (absent on a server without notifications: then null). */
export function useInbox(query: { unread?: 'true' | 'false'; page?: number; pageSize?: number } = {}) {
  return useQuery({
    queryKey: ['inbox', query],
    queryFn: async () => {
      try {
        return await get<Inbox>('/inbox', query);
      } catch (err) {
        if ((err as { status?: number }).status === 404) return null;
        throw err;
      }
    },
    refetchInterval: 60_000,
  });
}
