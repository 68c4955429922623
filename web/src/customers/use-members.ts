import { useQuery } from '@tanstack/react-query';
import { ok } from '../api/api-client';
import { api } from '../api/client';

/** The workspace's members; only admins may list them, so for others this is an error and no names. */
export function useMembers() {
  return useQuery({
    queryKey: ['members'],
    queryFn: ({ signal }) => ok(api.GET('/members', { params: { query: { limit: 500 } }, signal })),
    select: (page) => page.data,
    staleTime: 5 * 60_000,
    retry: false,
  });
}
