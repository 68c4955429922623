import type { Tx } from '../db/tenant.js';
import { forgetLifecycle, markedCustomers } from '../lifecycle/forget.js';
import { refreshCustomers } from '../lifecycle/refresh.js';
import { forgetValues } from '../value/forget.js';

/**
 * The one way a write tells the scoring pipeline that customers' data changed: API writes, imports
 * and merges alike, in the writing transaction. Their stages are replayed at once (see
 * refreshCustomers); the triggers' marks stay, so the next refresh scores their value too. Without
 * ids: every customer marked since the last refresh (an import knows its rows, not its customers).
 */
export async function customersChanged(tx: Tx, workspaceId: string, customerIds?: string[]): Promise<void> {
  await refreshCustomers(tx, workspaceId, customerIds ?? (await markedCustomers(tx)));
}

/** Customers that no longer exist on their own (merged into another): their stages and values go. */
export async function customersRemoved(tx: Tx, customerIds: string[]): Promise<void> {
  await forgetLifecycle(tx, customerIds);
  await forgetValues(tx, customerIds);
}
