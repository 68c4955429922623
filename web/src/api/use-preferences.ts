import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ok } from './api-client';
import { api } from './client';
import type { Preferences } from './types';

const key = ['preferences'];

/** What the signed-in user chose about how screens look, kept with their account. */
export function usePreferences() {
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => ok(api.GET('/me/preferences', { signal })),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/**
 * Saves a change (null forgets a key). The screen follows at once, and the server's answer replaces it;
 * a refused save puts back what was stored.
 */
export function useSavePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: { [K in keyof Preferences]: Preferences[K] | null }) =>
      ok(api.PATCH('/me/preferences', { body: change })),
    onMutate: async (change) => {
      // A read still on its way would put back what it read over the change shown.
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<Preferences>(key);
      const next = { ...before, ...change };
      for (const [k, v] of Object.entries(next)) if (v === null) delete next[k as keyof Preferences];
      queryClient.setQueryData(key, next);
      return { before };
    },
    onSuccess: (saved) => queryClient.setQueryData(key, saved),
    onError: (_error, _change, context) => queryClient.setQueryData(key, context?.before),
  });
}
