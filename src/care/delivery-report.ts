import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Tx } from '../db/tenant.js';
import { notFound } from '../errors.js';

/**
 * Delivery reports of webhook messages. A 2xx answer of the adapter means it took the message, which
 * the log calls `sent`; whether the SMS or WeChat message reached the customer only the adapter learns
 * later, and it says so by POSTing to the `deliveryUrl` of the webhook's body. The URL carries a token
 * signed with the server's secret key that names the workspace and the message, so nobody can report on
 * a message they were not sent.
 */
export interface DeliveryTarget {
  workspaceId: string;
  messageId: string;
}

const mac = (key: Buffer, payload: string) =>
  createHmac('sha256', key).update(`care-delivery:${payload}`).digest('base64url');

export function deliveryToken(key: Buffer, target: DeliveryTarget): string {
  const payload = Buffer.from(JSON.stringify([target.workspaceId, target.messageId])).toString('base64url');
  return `${payload}.${mac(key, payload)}`;
}

/** The message a token names, or null for a token this server did not sign. */
export function readDeliveryToken(key: Buffer, token: string): DeliveryTarget | null {
  const [payload, signature] = token.split('.');
  if (!payload || !signature) return null;
  const expected = Buffer.from(mac(key, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const [workspaceId, messageId] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof workspaceId === 'string' && typeof messageId === 'string'
      ? { workspaceId, messageId }
      : null;
  } catch {
    return null;
  }
}

export const deliveryReportInput = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('delivered') }),
  /** The channel could not deliver it (a wrong number, a blocked account…): the error is logged. */
  z.strictObject({ status: z.literal('failed'), error: z.string().trim().min(1).max(1000) }),
]);
export type DeliveryReport = z.output<typeof deliveryReportInput>;

/**
 * Records what the channel reported. `delivered` holds whatever the log said before, but a skip: the
 * channel has the message, so a retry waiting after a lost answer is not sent (its job finds it done).
 * `failed` applies to a message on its way or sent. A report repeated changes nothing.
 */
export async function recordDeliveryReport(
  tx: Tx,
  messageId: string,
  report: DeliveryReport,
  now: Date,
): Promise<void> {
  const message = await tx
    .selectFrom('care_messages')
    .select(['status', 'channel'])
    .where('id', '=', messageId)
    .forUpdate()
    .executeTakeFirst();
  if (!message) throw notFound('care message');
  const from =
    report.status === 'delivered' ? ['queued', 'held', 'sending', 'sent', 'failed'] : ['sending', 'sent'];
  if (!from.includes(message.status)) return;
  await tx
    .updateTable('care_messages')
    .set(
      report.status === 'delivered'
        ? { status: 'delivered', reason: null, delivered_at: now, updated_at: now }
        : { status: 'failed', reason: `the channel reported: ${report.error}`, updated_at: now },
    )
    .where('id', '=', messageId)
    .execute();
}
