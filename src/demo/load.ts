import { type Kysely, sql } from 'kysely';
import { formatDay } from '../analytics/civil-days.js';
import { analyzeStaleTables } from '../db/analyze-stale.js';
import type { Tables } from '../db/tables.js';
import { inWorkspace } from '../db/tenant.js';
import { refreshLifecycle } from '../lifecycle/refresh.js';
import { createWorkspace } from '../workspaces/service.js';
import { addDemoMembers } from './demo-members.js';
import { addDemoTickets } from './demo-tickets.js';
import { generateDemoData } from './generate-demo-data.js';
import { type DemoRowCounts, insertDemoRows } from './insert-demo-rows.js';

export interface DemoWorkspaceOptions {
  /** Existing user who becomes the owner of the workspace. */
  ownerUserId: string;
  seed?: number;
  /** `YYYY-MM-DD`; the current date in China by default. */
  today?: string;
  name?: string;
  /** Number of customers; 2,400 by default. */
  customers?: number;
  /**
   * Place the customers in their stages at once, with their history replayed from their first
   * purchase, and compute their values (default true): the first screen shows two years of stage
   * flows. False leaves that to the first refresh (benchmarks and tests of that refresh).
   */
  place?: boolean;
}

export interface DemoWorkspace {
  workspaceId: string;
  name: string;
  counts: DemoRowCounts & { tickets: number };
}

export const DEFAULT_DEMO_SEED = 20240618;
export const DEFAULT_DEMO_NAME = '演示：家电零售 Demo: Home Appliances';

/** Today's date in Shanghai, where the demo company keeps its books. */
export function shanghaiToday(now = Date.now()): string {
  return formatDay(Math.floor((now + 8 * 3_600_000) / 86_400_000));
}

/**
 * Creates a workspace owned by `ownerUserId` and fills it with a generated demo data set: a sales
 * team, five business lines, 2,400 customers and about two years of orders and follow-ups, placed in
 * their stages with their past replayed. The rows after the workspace itself are written in one
 * transaction; if that fails, the workspace is removed again so that no half-filled demo remains.
 *
 * @example
 * const { workspaceId } = await createDemoWorkspace(db, { ownerUserId: admin.id, seed: 7 });
 */
export async function createDemoWorkspace(
  db: Kysely<Tables>,
  options: DemoWorkspaceOptions,
): Promise<DemoWorkspace> {
  const data = generateDemoData({
    seed: options.seed ?? DEFAULT_DEMO_SEED,
    today: options.today ?? shanghaiToday(),
    customers: options.customers,
  });
  const name = options.name ?? DEFAULT_DEMO_NAME;
  const workspace = await createWorkspace(db, options.ownerUserId, { name });
  try {
    const { counts, staffIds } = await inWorkspace(db, workspace.id, async (tx) => {
      const staffIds = await addDemoMembers(tx, workspace.id);
      return { counts: await insertDemoRows(tx, workspace.id, data, staffIds), staffIds };
    });
    await analyzeStaleTables(db);
    if (options.place !== false)
      await inWorkspace(db, workspace.id, (tx) =>
        refreshLifecycle(tx, workspace.id, data.today, { recomputeValues: true }),
      );
    // After the values, so that the tickets' service levels tier on the customers' ABC class.
    const tickets = await addDemoTickets(db, workspace.id, staffIds, {
      seed: options.seed ?? DEFAULT_DEMO_SEED,
      today: data.today,
    });
    return { workspaceId: workspace.id, name, counts: { ...counts, tickets } };
  } catch (error) {
    await inWorkspace(db, workspace.id, (tx) =>
      tx.deleteFrom('workspaces').where('id', '=', workspace.id).execute(),
    );
    throw error;
  }
}

/**
 * What the server calls on its first start: creates the demo workspace for `ownerUserId` only when
 * that user belongs to no workspace yet, so restarts and users who already set up their own
 * workspace are left alone. Returns the new workspace, or undefined when nothing was created.
 */
export async function ensureDemoWorkspace(
  db: Kysely<Tables>,
  ownerUserId: string,
  options: Omit<DemoWorkspaceOptions, 'ownerUserId'> = {},
): Promise<DemoWorkspace | undefined> {
  const existing = await sql<{
    id: string;
  }>`select id from clm_user_workspaces(${ownerUserId}) limit 1`.execute(db);
  if (existing.rows.length > 0) return undefined;
  return createDemoWorkspace(db, { ...options, ownerUserId });
}
