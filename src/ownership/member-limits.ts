import { z } from 'zod';
import type { Role } from '../db/tables.js';
import { role } from '../members/schema.js';

/**
 * Limits of a pool for the members of one team or one role, replacing the pool's own claims per day
 * and customers held for them (null: no limit). A team entry comes before a role entry, then the
 * order of the list decides; a field an entry leaves out keeps the pool's value.
 */
export const memberLimit = z
  .strictObject({
    role: role.optional(),
    teamId: z.uuid().optional(),
    claimsPerDay: z.number().int().min(1).max(10_000).nullable().optional(),
    heldLimit: z.number().int().min(1).max(1_000_000).nullable().optional(),
  })
  .refine((l) => (l.role === undefined) !== (l.teamId === undefined), {
    message: 'names either a role or a team',
    params: { code: 'invalid' },
  });
export type MemberLimit = z.infer<typeof memberLimit>;

export const memberLimits = z.array(memberLimit).max(100);

export interface Limits {
  claimsPerDay: number | null;
  heldLimit: number | null;
}

/** The limits that hold for a member of `teamId` with `role`: their team's entry, else their role's. */
export function limitsFor(
  pool: Limits,
  entries: MemberLimit[],
  member: { role: Role; teamId: string | null },
): Limits {
  const entry =
    entries.find((e) => member.teamId !== null && e.teamId === member.teamId) ??
    entries.find((e) => e.role === member.role);
  return {
    claimsPerDay: entry?.claimsPerDay !== undefined ? entry.claimsPerDay : pool.claimsPerDay,
    heldLimit: entry?.heldLimit !== undefined ? entry.heldLimit : pool.heldLimit,
  };
}
