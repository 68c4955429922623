import type { Selectable } from 'kysely';
import { auditorOf } from '../audit/record.js';
import type { Actor } from '../customers/service.js';
import { violatedConstraint } from '../db/constraint-violation.js';
import type { TeamsTable } from '../db/tables.js';
import type { Tx } from '../db/tenant.js';
import { conflict, notFound } from '../errors.js';
import type { TeamInput, TeamJson } from './schema.js';
import { assertAdmin } from './service.js';

const audit = auditorOf('team');

export function teamToJson(row: Selectable<TeamsTable>): TeamJson {
  return { id: row.id, name: row.name, createdAt: row.created_at.toISOString() };
}

const nameTaken = (name: string) => conflict(`a team named '${name}' already exists`);

/** Teams are few per workspace: one page, by name. */
export async function listTeams(tx: Tx): Promise<TeamJson[]> {
  const rows = await tx.selectFrom('teams').selectAll().orderBy('name').orderBy('id').execute();
  return rows.map(teamToJson);
}

export async function createTeam(tx: Tx, actor: Actor, input: TeamInput): Promise<TeamJson> {
  assertAdmin(actor);
  const row = await tx
    .insertInto('teams')
    .values({ workspace_id: actor.workspaceId, name: input.name })
    .onConflict((oc) => oc.columns(['workspace_id', 'name']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw nameTaken(input.name);
  const team = teamToJson(row);
  await audit(tx, actor, 'create', row.id, { after: team });
  return team;
}

export async function renameTeam(tx: Tx, actor: Actor, id: string, input: TeamInput): Promise<TeamJson> {
  assertAdmin(actor);
  const before = await tx.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw notFound('team');
  // The unique key decides, not a pre-check: a concurrent rename can take the name in between.
  const row = await tx
    .updateTable('teams')
    .set({ name: input.name })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch((error: unknown) => {
      throw violatedConstraint(error) ? nameTaken(input.name) : error;
    });
  const team = teamToJson(row);
  await audit(tx, actor, 'update', id, { before: teamToJson(before), after: team });
  return team;
}

/** Members of a deleted team stay members, without a team (the foreign key sets their team to null). */
export async function deleteTeam(tx: Tx, actor: Actor, id: string) {
  assertAdmin(actor);
  const row = await tx.deleteFrom('teams').where('id', '=', id).returningAll().executeTakeFirst();
  if (!row) throw notFound('team');
  await audit(tx, actor, 'delete', id, { before: teamToJson(row) });
}
