import type { Kysely } from 'kysely';
import { setCustomerOwner } from '../customers/repository.js';
import type { Tables } from '../db/tables.js';
import { inWorkspace, type Tx } from '../db/tenant.js';
import { managersOf, notify } from '../notifications/inbox.js';
import { rulesOf } from './pools.js';
import { type Due, deadlines, refreshReturnDeadlines } from './return-deadlines.js';
import type { ReturnRule } from './return-rules.js';
import { recordOwnerChange } from './service.js';

const DAY_MS = 86_400_000;

export interface ReturnRun {
  returned: number;
  /** Owners warned of a customer's coming return. */
  warned: number;
  /** Customers whose owner's team managers were warned, later than the owner. */
  escalated: number;
}

/**
 * Whether a warning of this code was given for this deadline already. A warning given while this
 * deadline's window was open counts: a follow-up since then moved the deadline, and the window of the
 * new one opens after the old warning (unless the clock is shorter than the window).
 */
async function warnedBefore(tx: Tx, due: Due, code: 'return-warning' | 'return-escalation', days: number) {
  const from = Math.max(due.customer.ownedSince.getTime(), due.at.getTime() - days * DAY_MS);
  const earlier = await tx
    .selectFrom('ownership_events')
    .select('id')
    .where('customer_id', '=', due.customer.id)
    .where('kind', '=', 'warning')
    .where('to_user_id', '=', due.customer.ownerId)
    .where((eb) =>
      code === 'return-warning'
        ? eb.or([eb('reason_code', '=', code), eb('reason_code', 'is', null)])
        : eb('reason_code', '=', code),
    )
    .where('at', '>=', new Date(from))
    .executeTakeFirst();
  return earlier !== undefined;
}

/** A warning on the customer's timeline and in the readers' inboxes, in one transaction. */
async function warn(
  tx: Tx,
  workspaceId: string,
  due: Due,
  code: 'return-warning' | 'return-escalation',
  readers: string[],
  now: Date,
) {
  const params = { pool: due.pool.name, returnsAt: due.at.toISOString() };
  await tx
    .insertInto('ownership_events')
    .values({
      workspace_id: workspaceId,
      customer_id: due.customer.id,
      at: now,
      kind: 'warning',
      to_user_id: due.customer.ownerId,
      pool_id: due.pool.id,
      reason_code: code,
      reason_params: JSON.stringify(
        code === 'return-escalation' ? { ...params, managerIds: readers } : params,
      ),
    })
    .execute();
  await notify(
    tx,
    workspaceId,
    readers.map((userId) => ({
      userId,
      kind: 'return-warning',
      customerId: due.customer.id,
      params: { ...params, ownerId: due.customer.ownerId },
    })),
    now,
  );
}

/**
 * Returns to their pools the customers whose deadline has passed; warns the owners of those whose
 * deadline is within their pool's `warn_days`, and later, within `manager_warn_days`, the managers of
 * the owner's team, who can step in or reassign (each once per deadline: a follow-up that moves the
 * deadline calls for new warnings). Runs on the job runner's schedule and after the nightly refresh;
 * each return is conditional on the owner still being the one the rules judged, so a second run, or a
 * second server, changes nothing more. The deadlines it judges by are stored first: the rules read facts
 * that change without a write of this workspace's users (the value refresh's ABC classes and CLVs).
 */
export async function runPoolReturns(db: Kysely<Tables>, workspaceId: string, now: Date): Promise<ReturnRun> {
  return inWorkspace(db, workspaceId, async (tx) => {
    const system = { workspaceId, userId: null };
    const run: ReturnRun = { returned: 0, warned: 0, escalated: 0 };
    for (const due of await refreshReturnDeadlines(tx)) {
      const { customer, pool, at, rule } = due;
      if (at <= now) {
        const row = await setCustomerOwner(tx, customer.id, customer.ownerId, { ownerId: null, at: now });
        if (!row) continue;
        await recordOwnerChange(tx, system, {
          customerId: customer.id,
          kind: 'return',
          from: customer.ownerId,
          to: null,
          poolId: pool.id,
          reasonCode: 'return-rule',
          reasonParams: { rule: rule + 1, pool: pool.name },
          at: now,
        });
        run.returned++;
        continue;
      }
      const left = at.getTime() - now.getTime();
      if (
        left <= pool.warn_days * DAY_MS &&
        !(await warnedBefore(tx, due, 'return-warning', pool.warn_days))
      ) {
        await warn(tx, workspaceId, due, 'return-warning', [customer.ownerId], now);
        run.warned++;
      }
      const managerDays = Math.min(pool.manager_warn_days, pool.warn_days);
      if (left > managerDays * DAY_MS) continue;
      if (await warnedBefore(tx, due, 'return-escalation', managerDays)) continue;
      // No escalation without someone to escalate to: a member with no team's manager has none.
      const managers = await managersOf(tx, customer.ownerId);
      if (!managers.length) continue;
      await warn(tx, workspaceId, due, 'return-escalation', managers, now);
      run.escalated++;
    }
    return run;
  });
}

/**
 * How many customers of a pool would return within `days` from `now` under `rules` (a draft in the rule
 * editor; by default the pool's own).
 */
export async function previewReturns(tx: Tx, poolId: string, days: number, now: Date, rules?: ReturnRule[]) {
  const horizon = now.getTime() + days * DAY_MS;
  const due = await deadlines(tx, { poolId }, (pool) => rules ?? rulesOf(pool));
  return { days, returning: due.filter((d) => d.at.getTime() <= horizon).length };
}
