import type { Tx } from '../db/tenant.js';
import type { FieldError } from '../errors.js';
import { referenceErrors } from '../workspaces/references.js';

export interface ReferencingRow {
  /** Where the row sits in the request body, e.g. `body` or `body.transactions.17`. */
  path: string;
  customerId?: string;
  businessLineId?: string | null;
}

/** Every row whose customer or business line is not a live record of this workspace, as field errors. */
export function checkReferences(tx: Tx, rows: ReferencingRow[]): Promise<FieldError[]> {
  return referenceErrors(
    tx,
    rows.flatMap((row) => [
      { path: `${row.path}.customerId`, kind: 'customer' as const, id: row.customerId },
      { path: `${row.path}.businessLineId`, kind: 'businessLine' as const, id: row.businessLineId },
    ]),
  );
}
