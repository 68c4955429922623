import { z } from 'zod';
import { email } from '../customers/schema.js';
import { pageQuery } from '../http/list.js';

export const role = z.enum(['owner', 'admin', 'manager', 'rep', 'analyst']);

/** `name` and `password` only matter when the e-mail has no account yet: then the account is created. */
export const memberInput = z.strictObject({
  email,
  role,
  name: z.string().trim().min(1).max(200).optional(),
  password: z.string().min(10).max(1000).optional(),
});
export type MemberInput = z.infer<typeof memberInput>;

export const memberPatch = z.strictObject({ role: role.optional(), teamId: z.uuid().nullable().optional() });
export type MemberPatch = z.infer<typeof memberPatch>;

export const memberJson = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string(),
  role,
  teamId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
});
export type MemberJson = z.infer<typeof memberJson>;

export const memberListQuery = pageQuery.extend({ role: role.optional(), teamId: z.uuid().optional() });
export type MemberListQuery = z.infer<typeof memberListQuery>;

export const teamInput = z.strictObject({ name: z.string().trim().min(1).max(100) });
export type TeamInput = z.infer<typeof teamInput>;

export const teamJson = z.object({ id: z.uuid(), name: z.string(), createdAt: z.iso.datetime() });
export type TeamJson = z.infer<typeof teamJson>;
