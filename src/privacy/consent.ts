import { z } from 'zod';
import { applyConsent } from '../customers/consent.js';
import type { ConsentEventsTable } from '../db/tables.js';
import type { Tx } from '../db/tenant.js';
import { badRequest } from '../errors.js';

export const CHANNELS = ['email', 'sms', 'phone', 'wechat', 'post'] as const;
/** The source of answers set by editing the customer rather than recorded with a source of their own. */
export const PROFILE_EDIT = 'profile edit';

export const consentInput = z.strictObject({
  channel: z.enum(CHANNELS),
  granted: z.boolean(),
  /** Where the answer came from: "web form", "signed paper form", "phone call"… */
  source: z.string().trim().min(1).max(200),
  /** When the customer gave or withdrew it; now when left out. */
  at: z.iso.datetime({ offset: true }).optional(),
});
export type ConsentInput = z.infer<typeof consentInput>;

export const consentEventJson = z.object({
  id: z.uuid(),
  channel: z.enum(CHANNELS),
  granted: z.boolean(),
  source: z.string(),
  at: z.iso.datetime(),
  userId: z.uuid().nullable(),
  recordedAt: z.iso.datetime(),
});
export const consentsJson = z.object({
  /** Per channel, the latest answer; a channel never asked is absent. */
  current: z.record(z.string(), z.boolean()),
  /** Every answer, newest first. */
  events: z.array(consentEventJson),
});

interface EventRow {
  id: string;
  channel: ConsentEventsTable['channel'];
  granted: boolean;
  source: string;
  at: Date;
  user_id: string | null;
  recorded_at: Date;
}

function eventToJson(row: EventRow): z.infer<typeof consentEventJson> {
  return {
    id: row.id,
    channel: row.channel,
    granted: row.granted,
    source: row.source,
    at: row.at.toISOString(),
    userId: row.user_id,
    recordedAt: row.recorded_at.toISOString(),
  };
}

/** The current consent per channel from events newest first: the first seen of a channel is its answer. */
export function currentConsent(events: { channel: string; granted: boolean }[]): Record<string, boolean> {
  const current: Record<string, boolean> = {};
  for (const e of events) if (!(e.channel in current)) current[e.channel] = e.granted;
  return current;
}

/** A customer's consent events, newest first (by when it was given, then by when it was recorded). */
export async function listConsents(tx: Tx, customerId: string) {
  const rows = await tx
    .selectFrom('consent_events')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('at', 'desc')
    .orderBy('recorded_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return { current: currentConsent(rows), events: rows.map(eventToJson) };
}

/**
 * Records one answer of a customer (the caller has checked that the customer exists and may be
 * written) and sets the customer's consent to the current answers, which a back-dated answer may leave
 * as they were.
 */
export async function recordConsent(
  tx: Tx,
  actor: { workspaceId: string; userId: string | null },
  customerId: string,
  input: ConsentInput,
  now = new Date(),
) {
  const at = input.at ? new Date(input.at) : now;
  // An answer from the future is a typing mistake; a clock a little ahead is not.
  if (at.getTime() > now.getTime() + 86_400_000 || at.getUTCFullYear() < 1970)
    throw badRequest('consent time out of range', [
      { path: 'body.at', message: 'must be after 1970 and not in the future' },
    ]);
  const row = await tx
    .insertInto('consent_events')
    .values({
      workspace_id: actor.workspaceId,
      customer_id: customerId,
      channel: input.channel,
      granted: input.granted,
      source: input.source,
      at,
      user_id: actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await applyConsent(tx, customerId, (await listConsents(tx, customerId)).current);
  return eventToJson(row);
}

/** Deletes these customers' consent events (erasure). */
export async function eraseConsents(tx: Tx, customerIds: string[]): Promise<void> {
  await tx.deleteFrom('consent_events').where('customer_id', 'in', customerIds).execute();
}

/**
 * Records as events the channels whose answer a profile edit changed (the customer row already holds
 * them), so that the records show every change of consent, with its time and who made it.
 */
export async function recordConsentEdit(
  tx: Tx,
  actor: { workspaceId: string; userId: string | null },
  customerId: string,
  before: Record<string, boolean>,
  after: Record<string, boolean> | undefined,
): Promise<void> {
  const changed = Object.entries(after ?? {}).filter(
    (entry): entry is [(typeof CHANNELS)[number], boolean] =>
      (CHANNELS as readonly string[]).includes(entry[0]) && before[entry[0]] !== entry[1],
  );
  if (changed.length === 0) return;
  await tx
    .insertInto('consent_events')
    .values(
      changed.map(([channel, granted]) => ({
        workspace_id: actor.workspaceId,
        customer_id: customerId,
        channel,
        granted,
        source: PROFILE_EDIT,
        at: new Date(),
        user_id: actor.userId,
      })),
    )
    .execute();
}
