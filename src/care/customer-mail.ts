import { randomUUID } from 'node:crypto';
import { openSecret, sealSecret } from '../auth/sealed-secret.js';
import type { Tx } from '../db/tenant.js';
import { careSettings } from './rules.js';

/** An e-mail to one customer that no rule sends, such as a survey invitation. */
export interface CustomerMail {
  customerId: string;
  /** What it is about, shown in the message log, e.g. `survey:<id>`. */
  occasion: string;
  subject: string;
  text: string;
}

/** Whether the workspace has an e-mail channel of its own: an SMTP server in its care settings. */
export async function hasEmailChannel(tx: Tx, workspaceId: string): Promise<boolean> {
  const settings = await careSettings(tx, workspaceId);
  return settings.smtp_host !== null && settings.smtp_from !== null;
}

/**
 * Puts an e-mail to a customer in the care message log, queued, in the caller's transaction: it then goes
 * out as care's e-mails do (consent, quiet hours, the workspace's SMTP server, retries), so a rollback
 * sends nothing. After the commit, `sendDeliveries(jobs, workspaceId, [id])` sends it on its way.
 * Subject and text are sealed with the server's key: an invitation's text holds a secret link.
 */
export async function queueCustomerMail(
  tx: Tx,
  key: Buffer,
  workspaceId: string,
  mail: CustomerMail,
): Promise<string> {
  const id = randomUUID();
  await tx
    .insertInto('care_messages')
    .values({
      workspace_id: workspaceId,
      id,
      rule_id: null,
      customer_id: mail.customerId,
      occasion: mail.occasion,
      action_index: null,
      channel: 'email',
      status: 'queued',
      send_after: new Date(),
      subject: sealSecret(key, id, mail.subject),
      body: sealSecret(key, id, mail.text),
    })
    .execute();
  return id;
}

/** The subject and text of a message queued by `queueCustomerMail`; null if they cannot be opened. */
export function openCustomerMail(
  key: Buffer,
  message: { id: string; subject: string | null; body: string | null },
): { subject: string; text: string } | null {
  if (message.subject === null || message.body === null) return null;
  try {
    return {
      subject: openSecret(key, message.id, message.subject),
      text: openSecret(key, message.id, message.body),
    };
  } catch {
    return null;
  }
}
