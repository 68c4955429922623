import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';
import { badRequest, type FieldError } from '../errors.js';

/** What each kind of id names, as the field error says it: `is not a customer of this workspace`. */
const named = {
  customer: 'a customer',
  member: 'a member',
  team: 'a team',
  businessLine: 'a business line',
} as const;

export type ReferenceKind = keyof typeof named;

export interface Reference {
  /** The field in the request, e.g. `body.customerId` or `body.transactions.17.customerId`. */
  path: string;
  kind: ReferenceKind;
  /** Absent or null: nothing named, nothing to check. */
  id: string | null | undefined;
}

/** Those of `ids` that are live records of the workspace; row-level security hides every other one. */
async function present(tx: Tx, kind: ReferenceKind, ids: string[]): Promise<Set<string>> {
  const among = sql<boolean>`${sql.ref(kind === 'member' ? 'user_id' : 'id')} = any(${ids}::uuid[])`;
  const rows =
    kind === 'customer'
      ? await tx.selectFrom('customers').select('id').where(among).where('deleted_at', 'is', null).execute()
      : kind === 'member'
        ? await tx.selectFrom('memberships').select('user_id as id').where(among).execute()
        : await tx
            .selectFrom(kind === 'team' ? 'teams' : 'business_lines')
            .select('id')
            .where(among)
            .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * Every reference to a customer (not deleted), member, team or business line the workspace does not have,
 * as field errors (400 `not_in_workspace`, the field named), in the order given. Ids of other workspaces
 * read as unknown and reveal nothing about other tenants. One query a kind, whatever the number of rows.
 */
export async function referenceErrors(tx: Tx, refs: Reference[]): Promise<FieldError[]> {
  const found = new Map<ReferenceKind, Set<string>>();
  for (const kind of Object.keys(named) as ReferenceKind[]) {
    const ids = [...new Set(refs.flatMap((r) => (r.kind === kind && r.id ? [r.id] : [])))];
    if (ids.length) found.set(kind, await present(tx, kind, ids));
  }
  return refs.flatMap((r) =>
    r.id && !found.get(r.kind)?.has(r.id)
      ? [{ path: r.path, code: 'not_in_workspace', message: `is not ${named[r.kind]} of this workspace` }]
      : [],
  );
}

/** A 400 listing every fault at once: the unknown references and the caller's own `more` field errors. */
export async function assertReferences(tx: Tx, refs: Reference[], more: FieldError[] = []) {
  const errors = [...(await referenceErrors(tx, refs)), ...more];
  if (errors.length) throw badRequest(`${errors.length} invalid field(s)`, errors);
}
