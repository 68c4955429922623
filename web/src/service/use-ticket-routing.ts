import { useQuery } from '@tanstack/react-query';
import { ok } from '../api/api-client';
import { api } from '../api/client';

export interface BusinessLine {
  id: string;
  name: string;
}

/** The workspace's teams and business lines, which tickets are sent to and filed under. */
export function useTicketRouting() {
  const teams = useQuery({
    queryKey: ['teams'],
    queryFn: ({ signal }) => ok(api.GET('/teams', { signal })),
    select: (answer) => answer.data,
    staleTime: 5 * 60_000,
  });
  const lines = useQuery({
    queryKey: ['business-lines'],
    queryFn: ({ signal }) => ok(api.GET('/business-lines', { params: { query: { limit: 500 } }, signal })),
    select: (answer) => answer.data,
    staleTime: 5 * 60_000,
  });
  return { teams: teams.data ?? [], lines: lines.data ?? [] };
}
