import type { Step, Tx } from '../db/tenant.js';
import { forgetLifecycle, markCustomers, markedCustomers } from '../lifecycle/forget.js';
import { latestSaleDay, refreshCustomers } from '../lifecycle/refresh.js';
import { forgetReturnDeadlines, refreshReturnDeadlines } from '../ownership/return-deadlines.js';
import { forgetValues } from '../value/forget.js';

/**
 * The one way a write tells the scoring pipeline that customers' data changed: API writes, imports,
 * merges, tickets and survey answers alike, in the writing transaction. Their stages are replayed at
 * once (see refreshCustomers); their marks stay (the triggers', or those set here for data no trigger
 * watches), so the next refresh scores their value too. Then their return deadlines, which read their
 * purchases, follow-ups and stages, are stored anew. Without ids: every customer marked since the last
 * refresh (an import knows its rows, not its customers).
 */
export async function customersChanged(tx: Tx, workspaceId: string, customerIds?: string[]): Promise<void> {
  if (customerIds) await markCustomers(tx, workspaceId, customerIds);
  const ids = customerIds ?? (await markedCustomers(tx));
  await refreshCustomers(tx, workspaceId, ids);
  await refreshReturnDeadlines(tx, ids);
}

/**
 * The same after a bulk write, for every customer marked since the last refresh, in steps of `size`
 * customers (each its own transaction on the embedded server, so that requests get their turn), all
 * placed at the day one call for them all would use.
 */
export async function manyCustomersChanged(step: Step, workspaceId: string, size: number): Promise<void> {
  const { ids, timezone } = await step(async (tx) => ({
    ids: await markedCustomers(tx),
    timezone: (
      await tx
        .selectFrom('workspaces')
        .select('timezone')
        .where('id', '=', workspaceId)
        .executeTakeFirstOrThrow()
    ).timezone,
  }));
  // The shared day, found in steps too: over a large import's customers one query would read every row.
  let latest: string | null = null;
  for (let i = 0; i < ids.length; i += size * 10) {
    const day = await step((tx) => latestSaleDay(tx, timezone, ids.slice(i, i + size * 10)));
    if (day !== null && (latest === null || day > latest)) latest = day;
  }
  for (let i = 0; i < ids.length; i += size)
    await step(async (tx) => {
      const slice = ids.slice(i, i + size);
      await refreshCustomers(tx, workspaceId, slice, latest);
      await refreshReturnDeadlines(tx, slice);
    });
}

/** Customers that no longer exist on their own (merged into another): their stages, values and deadlines go. */
export async function customersRemoved(tx: Tx, customerIds: string[]): Promise<void> {
  await forgetLifecycle(tx, customerIds);
  await forgetValues(tx, customerIds);
  await forgetReturnDeadlines(tx, customerIds);
}
