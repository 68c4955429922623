import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { Member, Page } from '../api/types';

/** The workspace's members; only admins may list them, so for others this is an error and no names. */
export function useMembers() {
  return useQuery({
    queryKey: ['members'],
    queryFn: ({ signal }) => api.get<Page<Member>>('/members', { limit: 500 }, signal),
    select: (page) => page.data,
    staleTime: 5 * 60_000,
    retry: false,
  });
}
