import { recordAudit } from '../audit/record.js';
import { violatedConstraint } from '../db/constraint-violation.js';
import type { Tx } from '../db/tenant.js';
import { AppError, conflict } from '../errors.js';
import { staleVersion } from '../http/preconditions.js';
import { type BusinessLineRow, businessLineToJson, findBusinessLine } from './repository.js';
import type { BusinessLineInput, BusinessLinePatch } from './schema.js';

export interface LineActor {
  workspaceId: string;
  userId: string;
}

const NAME_KEY = 'business_lines_workspace_id_name_key';
const TRANSACTIONS_FK = 'transactions_workspace_id_business_line_id_fkey';

const nameTaken = (name: string) =>
  new AppError(409, 'conflict', `a business line named '${name}' already exists`, [
    { path: 'body.name', code: 'already_used', message: 'is already used by another business line' },
  ]);

/** Turns the database's refusal into the answer a client can act on; anything else is rethrown. */
async function explainViolation<T>(write: Promise<T>, name: string | undefined): Promise<T> {
  try {
    return await write;
  } catch (error) {
    const constraint = violatedConstraint(error);
    if (constraint === NAME_KEY) throw nameTaken(name ?? '');
    if (constraint === TRANSACTIONS_FK)
      throw conflict('the business line has transactions; move or delete them first');
    throw error;
  }
}

export async function createBusinessLine(
  tx: Tx,
  actor: LineActor,
  input: BusinessLineInput,
): Promise<BusinessLineRow> {
  const row = await explainViolation(
    tx
      .insertInto('business_lines')
      .values({ workspace_id: actor.workspaceId, name: input.name })
      .returningAll()
      .executeTakeFirstOrThrow(),
    input.name,
  );
  await recordAudit(tx, actor, { action: 'create', entity: 'business_line', entityId: row.id });
  return row;
}

export async function updateBusinessLine(
  tx: Tx,
  actor: LineActor,
  id: string,
  version: number,
  patch: BusinessLinePatch,
): Promise<BusinessLineRow> {
  const before = await findBusinessLine(tx, id);
  const row = await explainViolation(
    tx
      .updateTable('business_lines')
      .set((eb) => ({ name: patch.name, version: eb('version', '+', 1), updated_at: new Date() }))
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirst(),
    patch.name,
  );
  if (!row) throw staleVersion();
  await recordAudit(tx, actor, {
    action: 'update',
    entity: 'business_line',
    entityId: id,
    before: businessLineToJson(before),
    after: businessLineToJson(row),
  });
  return row;
}

/** Refused (409) while transactions point at the line: deleting it would silently rewrite history. */
export async function deleteBusinessLine(tx: Tx, actor: LineActor, id: string, version: number) {
  const before = await findBusinessLine(tx, id);
  const result = await explainViolation(
    tx.deleteFrom('business_lines').where('id', '=', id).where('version', '=', version).executeTakeFirst(),
    undefined,
  );
  if (result.numDeletedRows === 0n) throw staleVersion();
  await recordAudit(tx, actor, {
    action: 'delete',
    entity: 'business_line',
    entityId: id,
    before: businessLineToJson(before),
  });
}
