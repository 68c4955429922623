import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ok } from '../api/api-client';
import { api } from '../api/client';

/**
 * Undoes a merge: the survivor and the customers merged into it come back apart. The lists of
 * customers and of merges that can be undone are read again.
 */
export function useUndoMerge() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (mergeId: string) =>
      (await ok(api.POST('/customer-merges/{id}/undo', { params: { path: { id: mergeId } } }))).data,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
      await queryClient.invalidateQueries({ queryKey: ['customer-merges'] });
    },
  });
}
