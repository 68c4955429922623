import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import type { Customer } from '../api/types';

/**
 * Undoes a merge: the survivor and the customers merged into it come back apart. The lists of
 * customers and of merges that can be undone are read again.
 */
export function useUndoMerge() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (mergeId: string) =>
      (await api.request<{ data: Customer[] }>('POST', `/customer-merges/${mergeId}/undo`)).data.data,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
      await queryClient.invalidateQueries({ queryKey: ['customer-merges'] });
    },
  });
}
