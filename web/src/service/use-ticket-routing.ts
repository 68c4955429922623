import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { Team } from '../api/types';

export interface BusinessLine {
  id: string;
  name: string;
}

/** The workspace's teams and business lines, which tickets are sent to and filed under. */
export function useTicketRouting() {
  const teams = useQuery({
    queryKey: ['teams'],
    queryFn: ({ signal }) => api.get<{ data: Team[] }>('/teams', undefined, signal),
    select: (answer) => answer.data,
    staleTime: 5 * 60_000,
  });
  const lines = useQuery({
    queryKey: ['business-lines'],
    queryFn: ({ signal }) => api.get<{ data: BusinessLine[] }>('/business-lines', { limit: 500 }, signal),
    select: (answer) => answer.data,
    staleTime: 5 * 60_000,
  });
  return { teams: teams.data ?? [], lines: lines.data ?? [] };
}
