import type { Customer } from '../api/types';
import type { OwnerChange } from '../ownership/use-ownership';

export type BulkAction = { kind: 'owner'; ownerId: string | null } | { kind: 'tag'; tag: string };
type BulkPatch = { ownerId: string | null } | { tags: string[] };

/**
 * The change one bulk action makes to one customer, or null when it changes nothing (the owner is
 * already theirs, the tag already there), so no request is sent and no version is spent on it.
 */
export function bulkPatch(customer: Customer, action: BulkAction): BulkPatch | null {
  if (action.kind === 'owner')
    return customer.ownerId === action.ownerId ? null : { ownerId: action.ownerId };
  const tag = action.tag.trim();
  if (tag === '' || customer.tags.includes(tag)) return null;
  return { tags: [...customer.tags, tag] };
}

/**
 * An owner change as the ownership API records it (audited, on the customer's timeline, with the
 * reason): claim from the pool for oneself, assign or transfer to a member, release to the pool; null
 * when the owner stays.
 */
export function ownerChangeRequest(
  customer: Customer,
  ownerId: string | null,
  reason: string,
  me?: string,
): OwnerChange | null {
  const customerId = customer.id;
  if (customer.ownerId === ownerId) return null;
  if (customer.ownerId === null && ownerId === me) return { kind: 'claim', customerId };
  if (ownerId === null) return { kind: 'release', customerId, reason };
  return { kind: 'assign', customerId, ownerId, reason };
}

/** Runs `task` over `items`, at most `limit` at a time: a bulk edit must not flood the server. */
export async function eachLimited<T>(items: T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
