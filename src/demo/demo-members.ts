import type { Tx } from '../db/tenant.js';
import { DEMO_STAFF, DEMO_TEAMS } from './demo-staff.js';

// Not a PHC string, so argon2 verification of any password fails: the demo staff cannot sign in.
const NO_LOGIN = '!demo-staff-no-login';
const DEMO_MAIL_DOMAIN = 'demo.example.com';

/**
 * Creates the demo sales team (accounts, teams, memberships) and returns the user id of each staff
 * slot. Accounts are global, so each demo workspace gets its own, told apart by a tag from the
 * workspace id: no demo ever gains a member of another one, and reruns never collide.
 */
export async function addDemoMembers(tx: Tx, workspaceId: string): Promise<string[]> {
  const teams = await tx
    .insertInto('teams')
    .values(DEMO_TEAMS.map((name) => ({ workspace_id: workspaceId, name })))
    .returning(['id', 'name'])
    .execute();
  const teamId = (index: number) => teams.find((t) => t.name === DEMO_TEAMS[index])!.id;
  const tag = workspaceId.slice(0, 8);
  const users = await tx
    .insertInto('users')
    .values(
      DEMO_STAFF.map((s) => ({
        email: `${s.emailLocal}+${tag}@${DEMO_MAIL_DOMAIN}`,
        name: s.name,
        locale: s.locale,
        password_hash: NO_LOGIN,
      })),
    )
    .returning(['id', 'email'])
    .execute();
  const ids = DEMO_STAFF.map((s) => users.find((u) => u.email.startsWith(`${s.emailLocal}+`))!.id);
  await tx
    .insertInto('memberships')
    .values(
      DEMO_STAFF.map((s, slot) => ({
        workspace_id: workspaceId,
        user_id: ids[slot],
        role: s.role,
        team_id: teamId(s.team),
      })),
    )
    .execute();
  return ids;
}
