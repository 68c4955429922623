import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';
import type { FieldError } from '../errors.js';

export interface ReferencingRow {
  /** Where the row sits in the request body, e.g. `body` or `body.transactions.17`. */
  path: string;
  customerId?: string;
  businessLineId?: string | null;
}

/**
 * Every row whose customer or business line is not a live record of this workspace, as field errors
 * (400, the field named). Ids of other workspaces are invisible here through row-level security, so they
 * read as unknown and reveal nothing about other tenants. Two queries, whatever the number of rows.
 */
export async function checkReferences(tx: Tx, rows: ReferencingRow[]): Promise<FieldError[]> {
  const customerIds = [...new Set(rows.flatMap((r) => (r.customerId ? [r.customerId] : [])))];
  const lineIds = [...new Set(rows.flatMap((r) => (r.businessLineId ? [r.businessLineId] : [])))];
  const liveCustomers = new Set(
    customerIds.length
      ? (
          await tx
            .selectFrom('customers')
            .select('id')
            .where(sql<boolean>`id = any(${customerIds}::uuid[])`)
            .where('deleted_at', 'is', null)
            .execute()
        ).map((r) => r.id)
      : [],
  );
  const lines = new Set(
    lineIds.length
      ? (
          await tx
            .selectFrom('business_lines')
            .select('id')
            .where(sql<boolean>`id = any(${lineIds}::uuid[])`)
            .execute()
        ).map((r) => r.id)
      : [],
  );
  return rows.flatMap((row) => [
    ...(row.customerId && !liveCustomers.has(row.customerId)
      ? [
          {
            path: `${row.path}.customerId`,
            code: 'not_in_workspace',
            message: 'is not a customer of this workspace',
          },
        ]
      : []),
    ...(row.businessLineId && !lines.has(row.businessLineId)
      ? [{ path: `${row.path}.businessLineId`, message: 'is not a business line of this workspace' }]
      : []),
  ]);
}
