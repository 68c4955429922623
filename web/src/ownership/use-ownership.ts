import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { RequestBody } from '../api/types';
import { useMembers } from '../customers/use-members';

export const ownershipKey = (customerId: string) => ['ownership', customerId] as const;

export function usePools() {
  return useQuery({
    queryKey: ['pools'],
    queryFn: ({ signal }) => ok(api.GET('/pools', { signal })),
    select: (answer) => answer.data,
  });
}

export function useMyDay() {
  return useQuery({
    queryKey: ['my-day'],
    queryFn: ({ signal }) => ok(api.GET('/me/day', { signal })),
  });
}

export function useOwnership(customerId: string) {
  return useQuery({
    queryKey: ownershipKey(customerId),
    queryFn: ({ signal }) =>
      ok(api.GET('/customers/{id}/ownership', { params: { path: { id: customerId } }, signal })),
  });
}

/** Who a customer may be given to: every active member for an admin, a manager's own team otherwise. */
export function useAssignees() {
  const members = useMembers();
  const day = useQuery({
    queryKey: ['my-day'],
    queryFn: ({ signal }) => ok(api.GET('/me/day', { signal })),
    enabled: members.isError,
  });
  if (members.data)
    return members.data.filter((m) => m.active).map((m) => ({ userId: m.userId, name: m.name || m.email }));
  return day.data?.team?.members.map((m) => ({ userId: m.userId, name: m.name })) ?? [];
}

export type OwnerChange =
  | { kind: 'claim'; customerId: string }
  | ({ kind: 'release'; customerId: string } & RequestBody<'/customers/{id}/release', 'post'>)
  | ({ kind: 'assign'; customerId: string } & RequestBody<'/customers/{id}/assign', 'post'>);

/** Sends an owner change to its ownership route; the answer is the customer's ownership. */
export function sendOwnerChange(change: OwnerChange) {
  const params = { path: { id: change.customerId } };
  switch (change.kind) {
    case 'claim':
      return ok(api.POST('/customers/{id}/claim', { params }));
    case 'release': {
      const { kind: _, customerId: __, ...body } = change;
      return ok(api.POST('/customers/{id}/release', { params, body }));
    }
    case 'assign': {
      const { kind: _, customerId: __, ...body } = change;
      return ok(api.POST('/customers/{id}/assign', { params, body }));
    }
  }
}

/** Claim, release or assign; afterwards the lists, the customer and the day are read again. */
export function useOwnerChange() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sendOwnerChange,
    onSuccess: (_answer, change) =>
      Promise.all(
        [['customers'], ['customer', change.customerId], ownershipKey(change.customerId), ['my-day']].map(
          (queryKey) => queryClient.invalidateQueries({ queryKey }),
        ),
      ),
  });
}
