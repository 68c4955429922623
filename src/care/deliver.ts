import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Tables } from '../db/tables.js';
import { inWorkspace, type Tx } from '../db/tenant.js';
import type { SendMail } from '../mail/send-mail.js';
import { openCustomerMail } from './customer-mail.js';
import { deliveryToken } from './delivery-report.js';
import { workspaceOf } from './evaluate.js';
import { customerFacts } from './facts.js';
import { customerZone, quietUntil } from './guards.js';
import { careMailer, checkSmtpTarget } from './mail.js';
import { renderMessage, renderOwnMail } from './message.js';
import { templateData } from './occurrences.js';
import { careSettings, findRule, openCareSecret, type SettingsRow } from './rules.js';
import { type Action, MESSAGE_CHANNELS } from './schema.js';

type CareChannel = (typeof MESSAGE_CHANNELS)[number];

import { unsubscribeToken } from './unsubscribe.js';
import { callWebhook, WebhookError } from './webhook.js';

export interface DeliveryDeps {
  db: Kysely<Tables>;
  sendMail: SendMail | null;
  publicUrl: string;
  secretKey: Buffer;
  now: () => Date;
}

/** What a delivery attempt came to: done (sent, skipped or failed for good), held until a time, or retry. */
export type Delivery = { held: Date } | null;

type Outgoing =
  | {
      kind: 'email';
      sendMail: SendMail;
      /** For the guard on the workspace's own SMTP host. */
      settings: SettingsRow;
      to: string;
      subject: string;
      text: string;
      html: string;
      headers: Record<string, string>;
    }
  | { kind: 'webhook'; url: string; body: object; secret: string; allowedHosts: string[] };

type Decision = { done: true } | { held: Date } | { send: Outgoing };

const update = (tx: Tx, id: string, values: Record<string, unknown>) =>
  tx
    .updateTable('care_messages')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .execute();

/**
 * The guards before one message, in one transaction that locks the message and the customer's sends:
 * the global pause and quiet hours hold it; missing consent or address, and the frequency cap, skip
 * it. A message that passes is marked `sending` (and committed) before it leaves, so that a server that
 * dies while an e-mail is on its way never sends it twice: it is found `sending` and failed instead.
 */
async function decide(deps: DeliveryDeps, tx: Tx, workspaceId: string, messageId: string): Promise<Decision> {
  const message = await tx
    .selectFrom('care_messages')
    .selectAll()
    .where('id', '=', messageId)
    .forUpdate()
    .executeTakeFirst();
  if (!message || !['queued', 'held', 'sending'].includes(message.status)) return { done: true };
  const now = deps.now();
  const settings = await careSettings(tx, workspaceId);
  if (settings.paused) {
    const held = new Date(now.getTime() + 3600_000);
    await update(tx, messageId, { status: 'held', reason: 'paused', send_after: held });
    return { held };
  }
  const skip = async (reason: string) => {
    await update(tx, messageId, { status: message.status === 'sending' ? 'failed' : 'skipped', reason });
    return { done: true } as const;
  };
  const workspace = await workspaceOf(tx, workspaceId);
  // A rule's message renders its action; a message of its own (a survey invitation) carries its text.
  const rule = message.rule_id === null ? null : await findRule(tx, message.rule_id);
  const action =
    rule && message.action_index !== null ? (rule.actions as Action[])[message.action_index] : undefined;
  const own = rule === null ? openCustomerMail(deps.secretKey, message) : null;
  const emailAction = action?.type === 'email' ? action : null;
  const webhook = action?.type === 'webhook' ? action : null;
  const [customer] = await customerFacts(tx, workspace.timezone, now.toISOString().slice(0, 10), [
    message.customer_id,
  ]);
  if (!customer || (!own && !emailAction && !webhook)) return skip('gone');
  if (message.status === 'sending' && !webhook)
    return skip('interrupted while sending; not sent again, so that it is never sent twice');
  const channel = webhook ? webhook.channel : 'email';
  if (channel !== 'other' && customer.consent[channel] !== true) return skip('no-consent');
  if (!webhook && !customer.email) return skip('no-address');
  const sendMail = careMailer(deps, settings);
  if (!webhook && !sendMail) return skip('no-mail-server');
  const webhookSecret = openCareSecret(deps.secretKey, workspaceId, settings.webhook_secret);
  if (webhook && !webhookSecret) return skip('no-webhook-key');
  const zone = customerZone(customer.timezone, customer.region, workspace.timezone);
  const release = quietUntil(now, zone, settings.quiet_start, settings.quiet_end);
  if (release > now) {
    await update(tx, messageId, { status: 'held', reason: 'quiet-hours', send_after: release });
    return { held: release };
  }
  // One customer's sends one at a time, so that two at once cannot both pass the cap.
  await sql`select pg_advisory_xact_lock(hashtext(${message.customer_id}))`.execute(tx);
  const sentSince = async (days: number, channels: readonly CareChannel[]) => {
    const { sent } = await tx
      .selectFrom('care_messages')
      .select((eb) => eb.fn.countAll<string>().as('sent'))
      .where('customer_id', '=', message.customer_id)
      .where('channel', 'in', channels)
      .where('status', 'in', ['sending', 'sent', 'delivered'])
      .where('id', '<>', messageId)
      .where('updated_at', '>', new Date(now.getTime() - days * 86_400_000))
      .executeTakeFirstOrThrow();
    return Number(sent);
  };
  // The caps limit what rules send; a message of its own answers the customer's own request (a survey
  // after their ticket) and is not held to them, though it counts towards them.
  if (rule) {
    if ((await sentSince(settings.cap_days, MESSAGE_CHANNELS)) >= settings.cap_messages) return skip('cap');
    const channelCap = settings.channel_caps[channel];
    if (channelCap && (await sentSince(channelCap.days, [channel])) >= channelCap.messages)
      return skip('channel-cap');
  }
  await update(tx, messageId, { status: 'sending', reason: null, attempts: message.attempts + 1 });
  const data = templateData(customer, { key: message.occasion, day: now.toISOString().slice(0, 10) });
  const language = customer.language;
  if (!webhook) {
    const token = unsubscribeToken(deps.secretKey, {
      workspaceId,
      customerId: customer.id,
      channel: 'email',
    });
    const link = `${deps.publicUrl}/api/v1/care/unsubscribe?token=${token}`;
    const rendered = own
      ? renderOwnMail(own, language, link)
      : renderMessage(emailAction as NonNullable<typeof emailAction>, language, data, link);
    return {
      send: {
        kind: 'email',
        sendMail: sendMail as SendMail,
        settings,
        to: customer.email as string,
        subject: rendered.subject ?? '',
        text: rendered.text,
        html: rendered.html ?? '',
        headers: { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      },
    };
  }
  return {
    send: {
      kind: 'webhook',
      url: webhook.url,
      secret: webhookSecret as string,
      allowedHosts: settings.webhook_allowed_hosts,
      body: {
        id: messageId,
        channel,
        ruleId: message.rule_id,
        occasion: message.occasion,
        customer: { id: customer.id, name: customer.name },
        language,
        text: renderMessage(webhook, language, data).text,
        // Where the adapter reports that the message reached the customer (or could not).
        deliveryUrl: `${deps.publicUrl}/api/v1/care/delivery?token=${deliveryToken(deps.secretKey, { workspaceId, messageId })}`,
      },
    },
  };
}

/**
 * One delivery attempt of a queued or held message. A failure with retries left puts the message back
 * in the queue and throws, for the job runner to retry with backoff; the last one fails it with the error.
 */
export async function deliverMessage(
  deps: DeliveryDeps,
  workspaceId: string,
  messageId: string,
  attempt: { retryCount: number; retryLimit: number },
): Promise<Delivery> {
  const decision = await inWorkspace(deps.db, workspaceId, (tx) => decide(deps, tx, workspaceId, messageId));
  if ('done' in decision) return null;
  if ('held' in decision) return { held: decision.held };
  const out = decision.send;
  try {
    if (out.kind === 'email') {
      await checkSmtpTarget(out.settings);
      await out.sendMail({
        to: out.to,
        subject: out.subject,
        text: out.text,
        html: out.html,
        headers: out.headers,
      });
    } else await callWebhook(out.url, out.body, out.secret, out.allowedHosts, messageId, deps.now());
  } catch (error) {
    const final = (error instanceof WebhookError && error.final) || attempt.retryCount >= attempt.retryLimit;
    const reason = (error as Error).message.slice(0, 1000);
    await inWorkspace(deps.db, workspaceId, (tx) =>
      update(tx, messageId, { status: final ? 'failed' : 'queued', reason }),
    );
    if (final) return null;
    throw error;
  }
  // A delivery callback may have come before this: it is left as it said.
  await inWorkspace(deps.db, workspaceId, (tx) =>
    tx
      .updateTable('care_messages')
      .set({ status: 'sent', reason: null, sent_at: deps.now(), updated_at: new Date() })
      .where('id', '=', messageId)
      .where('status', '=', 'sending')
      .execute(),
  );
  return null;
}
