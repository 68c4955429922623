import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';

/**
 * Days (day numbers in the workspace's time zone) on which a complaint stood open at the end of the
 * day: from `from` on, up to but not including `to` (null: still open).
 */
export interface ComplaintSpell {
  from: number;
  to: number | null;
}

/** A status change on a ticket's timeline, on its day. */
export interface StatusChange {
  day: number;
  to: string;
}

const CLOSED = new Set(['resolved', 'closed']);

/**
 * The spells one complaint stood open, from the day it was opened and its status changes in the order
 * they happened: what the ticket's timeline said at the end of each day, not its status now. A
 * complaint resolved on the day it was opened was never open at a day's end; one resolved and reopened
 * on the same day stayed open through it. Without any status change on the timeline, `resolvedDay`
 * (when the ticket was resolved) ends the one spell, as the churn signals read it (churn-signals.ts).
 *
 * @example
 * complaintSpells(10, null, [{ day: 12, to: 'resolved' }, { day: 20, to: 'in_progress' }])
 * // [{ from: 10, to: 12 }, { from: 20, to: null }]
 */
export function complaintSpells(
  openedDay: number,
  resolvedDay: number | null,
  changes: readonly StatusChange[],
): ComplaintSpell[] {
  if (changes.length === 0)
    return resolvedDay === null
      ? [{ from: openedDay, to: null }]
      : resolvedDay > openedDay
        ? [{ from: openedDay, to: resolvedDay }]
        : [];
  const spells: ComplaintSpell[] = [];
  let openSince: number | null = openedDay;
  for (const change of changes) {
    const open = !CLOSED.has(change.to);
    if (!open && openSince !== null) {
      if (change.day > openSince) spells.push({ from: openSince, to: change.day });
      openSince = null;
    } else if (open && openSince === null) {
      // Reopened on the day it was resolved: the spell that ended that day goes on.
      const last = spells.at(-1);
      if (last && last.to === change.day) openSince = spells.pop()!.from;
      else openSince = change.day;
    }
  }
  if (openSince !== null) spells.push({ from: openSince, to: null });
  return spells;
}

/**
 * The open spells of the complaints of the given customers (null: of everyone), by customer, each
 * customer's ordered by their first day: one statement over the tickets and their status changes.
 */
export async function complaintSpellsByCustomer(
  tx: Tx,
  timezone: string,
  customerIds: readonly string[] | null,
): Promise<Map<string, ComplaintSpell[]>> {
  const some = customerIds ? sql`and t.customer_id = any(${customerIds}::uuid[])` : sql``;
  const day = (column: string) =>
    sql<number>`((${sql.ref(column)} at time zone ${timezone})::date - date '1970-01-01')`;
  const { rows } = await sql<{
    customer_id: string;
    opened: number;
    resolved: number | null;
    days: number[];
    tos: string[];
  }>`
    select t.customer_id, ${day('t.created_at')} as opened, ${day('t.resolved_at')} as resolved,
      coalesce(array_agg(${day('e.at')} order by e.at, e.id) filter (where e.id is not null), '{}') as days,
      coalesce(array_agg(e.detail ->> 'to' order by e.at, e.id) filter (where e.id is not null), '{}') as tos
    from tickets t
    left join ticket_events e on e.workspace_id = t.workspace_id and e.ticket_id = t.id and e.kind = 'status'
    where t.kind = 'complaint' ${some}
    group by t.workspace_id, t.id`.execute(tx);
  const byCustomer = new Map<string, ComplaintSpell[]>();
  for (const r of rows) {
    const changes = r.days.map((d, i) => ({ day: Number(d), to: r.tos[i] }));
    const spells = complaintSpells(
      Number(r.opened),
      r.resolved === null ? null : Number(r.resolved),
      changes,
    );
    if (spells.length === 0) continue;
    byCustomer.set(r.customer_id, [...(byCustomer.get(r.customer_id) ?? []), ...spells]);
  }
  for (const spells of byCustomer.values()) spells.sort((a, b) => a.from - b.from);
  return byCustomer;
}
