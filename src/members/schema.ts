import { z } from 'zod';
import { email } from '../customers/schema.js';
import { pageQuery } from '../http/list.js';

export const role = z.enum(['owner', 'admin', 'manager', 'rep', 'analyst']);

/** `active: false` deactivates the member (no access to this workspace), `true` gives it back. */
export const memberPatch = z.strictObject({
  role: role.optional(),
  teamId: z.uuid().nullable().optional(),
  active: z.boolean().optional(),
});
export type MemberPatch = z.infer<typeof memberPatch>;

export const memberJson = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string(),
  role,
  teamId: z.uuid().nullable(),
  active: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type MemberJson = z.infer<typeof memberJson>;

export const memberListQuery = pageQuery.extend({ role: role.optional(), teamId: z.uuid().optional() });
export type MemberListQuery = z.infer<typeof memberListQuery>;

export const teamInput = z.strictObject({ name: z.string().trim().min(1).max(100) });
export type TeamInput = z.infer<typeof teamInput>;

export const teamJson = z.object({ id: z.uuid(), name: z.string(), createdAt: z.iso.datetime() });
export type TeamJson = z.infer<typeof teamJson>;

/** Adding a member: the person is invited by e-mail and joins when they accept. */
export const invitationInput = z.strictObject({ email, role });
export type InvitationInput = z.infer<typeof invitationInput>;

export const invitationJson = z.object({
  id: z.uuid(),
  email: z.string(),
  role,
  /** Open invitations only: `expired` ones can be sent again with a new link. */
  status: z.enum(['pending', 'expired']),
  invitedBy: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type InvitationJson = z.infer<typeof invitationJson>;

export const invitationSent = z.object({
  invitation: invitationJson,
  /** Whether the link was e-mailed to the invitee. */
  sent: z.boolean(),
  /**
   * The link itself, only where no SMTP server is configured, for an admin to pass on. With mail it goes
   * to the invitee's inbox only: following it proves the address is theirs.
   */
  link: z.string().nullable(),
});

const linkToken = z.string().min(1).max(200);

export const invitationTokenInput = z.strictObject({ token: linkToken });

/** What the holder of a link sees before accepting. */
export const invitationView = z.object({
  workspaceName: z.string(),
  email: z.string(),
  role,
  expiresAt: z.iso.datetime(),
  /** Whether to sign in (an account exists) or to choose a name and password. */
  hasAccount: z.boolean(),
});

export const invitationSignUp = z.strictObject({
  token: linkToken,
  name: z.string().trim().min(1).max(200),
  password: z.string().max(1000),
});

export const invitationAccepted = z.object({
  workspaceId: z.uuid(),
  userId: z.uuid(),
  /** A session for the new account (sign-up only), so the invitee is signed in at once. */
  token: z.string().optional(),
});
