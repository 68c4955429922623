import type { Customer } from '../api/types';

/**
 * The customer a group's others are merged into unless the user picks another: the one created first,
 * usually the record the others copied, and the one whose id links elsewhere point to.
 */
export function defaultSurvivor(customers: Pick<Customer, 'id' | 'createdAt'>[]): string {
  return [...customers].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))[0]
    .id;
}

/**
 * What a merge of a group sends: the survivor, and every other customer of the group except those the
 * user left out (a group may hold a customer that only looks alike). Null when nothing is left to merge.
 */
export function mergeRequest(
  customers: Pick<Customer, 'id' | 'version'>[],
  survivorId: string,
  leftOut: ReadonlySet<string>,
): { survivorId: string; ifMatch: string; sourceIds: string[] } | null {
  const survivor = customers.find((c) => c.id === survivorId);
  const sourceIds = customers.filter((c) => c.id !== survivorId && !leftOut.has(c.id)).map((c) => c.id);
  if (!survivor || sourceIds.length === 0) return null;
  // The merge changes the survivor: it needs the version the screen shows, as its entity tag.
  return { survivorId, ifMatch: `"${survivor.version}"`, sourceIds };
}
