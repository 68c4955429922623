import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import type { MyDay, Ownership, Pool } from '../api/types';
import { useMembers } from '../customers/use-members';

export const ownershipKey = (customerId: string) => ['ownership', customerId] as const;

export function usePools() {
  return useQuery({
    queryKey: ['pools'],
    queryFn: ({ signal }) => api.get<{ data: Pool[] }>('/pools', undefined, signal),
    select: (answer) => answer.data,
  });
}

export function useMyDay() {
  return useQuery({
    queryKey: ['my-day'],
    queryFn: ({ signal }) => api.get<MyDay>('/me/day', undefined, signal),
  });
}

export function useOwnership(customerId: string) {
  return useQuery({
    queryKey: ownershipKey(customerId),
    queryFn: ({ signal }) => api.get<Ownership>(`/customers/${customerId}/ownership`, undefined, signal),
  });
}

/** Who a customer may be given to: every active member for an admin, a manager's own team otherwise. */
export function useAssignees() {
  const members = useMembers();
  const day = useQuery({
    queryKey: ['my-day'],
    queryFn: ({ signal }) => api.get<MyDay>('/me/day', undefined, signal),
    enabled: members.isError,
  });
  if (members.data)
    return members.data.filter((m) => m.active).map((m) => ({ userId: m.userId, name: m.name || m.email }));
  return day.data?.team?.members.map((m) => ({ userId: m.userId, name: m.name })) ?? [];
}

export type OwnerChange =
  | { kind: 'claim'; customerId: string }
  | { kind: 'release'; customerId: string; reason: string; churnReason?: string; poolId?: string }
  | { kind: 'assign'; customerId: string; ownerId: string; reason: string };

/** Claim, release or assign; afterwards the lists, the customer and the day are read again. */
export function useOwnerChange() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, customerId, ...body }: OwnerChange) =>
      api.request<Ownership>('POST', `/customers/${customerId}/${kind}`, {
        body: kind === 'claim' ? undefined : body,
      }),
    onSuccess: (_answer, change) =>
      Promise.all(
        [['customers'], ['customer', change.customerId], ownershipKey(change.customerId), ['my-day']].map(
          (queryKey) => queryClient.invalidateQueries({ queryKey }),
        ),
      ),
  });
}
