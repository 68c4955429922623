import type { Tx } from '../db/tenant.js';
import type { NotificationJson } from './schema.js';

export interface NewNotification {
  userId: string;
  kind: NotificationJson['kind'];
  customerId: string | null;
  params: Record<string, unknown>;
}

/** Puts messages in members' inboxes, in the caller's transaction (with the event they tell of). */
export async function notify(tx: Tx, workspaceId: string, messages: NewNotification[], at: Date) {
  if (!messages.length) return;
  await tx
    .insertInto('notifications')
    .values(
      messages.map((m) => ({
        workspace_id: workspaceId,
        user_id: m.userId,
        kind: m.kind,
        customer_id: m.customerId,
        params: JSON.stringify(m.params),
        created_at: at,
      })),
    )
    .execute();
}

/** The active managers of a member's team (none when they have no team), the second to be told. */
export async function managersOf(tx: Tx, userId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('memberships as m')
    .innerJoin('memberships as me', (j) =>
      j.onRef('me.workspace_id', '=', 'm.workspace_id').onRef('me.team_id', '=', 'm.team_id'),
    )
    .select('m.user_id')
    .where('me.user_id', '=', userId)
    .where('m.role', '=', 'manager')
    .where('m.deactivated_at', 'is', null)
    .where('m.user_id', '!=', userId)
    .execute();
  return rows.map((r) => r.user_id);
}

/** The reader's newest messages (row-level security shows a member only their own) and the unread count. */
export async function inbox(tx: Tx, userId: string, options: { unreadOnly: boolean; limit: number }) {
  let query = tx
    .selectFrom('notifications as n')
    .leftJoin('customers as c', (j) =>
      j.onRef('c.workspace_id', '=', 'n.workspace_id').onRef('c.id', '=', 'n.customer_id'),
    )
    .select(['n.id', 'n.kind', 'n.customer_id', 'c.name', 'n.params', 'n.created_at', 'n.read_at'])
    .where('n.user_id', '=', userId)
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id')
    .limit(options.limit);
  if (options.unreadOnly) query = query.where('n.read_at', 'is', null);
  const rows = await query.execute();
  return {
    data: rows.map(
      (r): NotificationJson => ({
        id: r.id,
        kind: r.kind,
        customerId: r.customer_id,
        customerName: r.name,
        params: r.params,
        createdAt: r.created_at.toISOString(),
        readAt: r.read_at?.toISOString() ?? null,
      }),
    ),
    unread: await unreadCount(tx, userId),
  };
}

export async function unreadCount(tx: Tx, userId: string): Promise<number> {
  const row = await tx
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks the reader's messages read (`ids`: only those; others' ids change nothing); answers the unread count. */
export async function markRead(tx: Tx, userId: string, ids: string[] | undefined, at: Date) {
  let query = tx
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (ids) query = query.where('id', 'in', ids);
  await query.execute();
  return { unread: await unreadCount(tx, userId) };
}
