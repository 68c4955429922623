import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';

/**
 * Empties what was written on these customers' tickets: subjects, descriptions, notes, replies and the
 * customer's messages. The tickets stay, as counts, categories and timers that name no one.
 */
export async function eraseTicketTexts(tx: Tx, customerIds: string[]): Promise<void> {
  const ids = sql`any(${customerIds}::uuid[])`;
  await tx
    .updateTable('ticket_events')
    .set({ detail: JSON.stringify({}) })
    .where('kind', 'in', ['note', 'reply', 'customer_message'])
    .where(sql<boolean>`ticket_id in (select id from tickets where customer_id = ${ids})`)
    .execute();
  await tx
    .updateTable('tickets')
    .set((eb) => ({ subject: '', description: null, version: eb('version', '+', 1), updated_at: new Date() }))
    .where(sql<boolean>`customer_id = ${ids}`)
    .execute();
}

/** The timelines of these customers' tickets, for a personal-data export. */
export async function ticketEventsOf(tx: Tx, customerIds: string[]) {
  return tx
    .selectFrom('ticket_events as e')
    .innerJoin('tickets as t', (join) =>
      join.onRef('t.workspace_id', '=', 'e.workspace_id').onRef('t.id', '=', 'e.ticket_id'),
    )
    .select(['e.ticket_id', 'e.kind', 'e.author_id', 'e.detail', 'e.at'])
    .where(sql<boolean>`t.customer_id = any(${customerIds}::uuid[])`)
    .orderBy('e.id')
    .execute();
}
