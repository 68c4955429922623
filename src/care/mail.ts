import { type MailSettings, mailSender, type SendMail } from '../mail/send-mail.js';
import { openCareSecret, type SettingsRow } from './rules.js';
import { checkWebhookTarget } from './webhook.js';

/** Port 465 speaks TLS from the start; the others upgrade with STARTTLS when the server offers it. */
const IMPLICIT_TLS_PORT = 465;

/** The mail settings of a workspace's own SMTP server, or undefined where it has none. */
export function workspaceMailSettings(key: Buffer, row: SettingsRow): MailSettings | undefined {
  if (row.smtp_host === null || row.smtp_from === null) return undefined;
  const port = row.smtp_port ?? 587;
  const url = new URL(`${port === IMPLICIT_TLS_PORT ? 'smtps' : 'smtp'}://${row.smtp_host}:${port}`);
  if (row.smtp_user) {
    url.username = encodeURIComponent(row.smtp_user);
    url.password = encodeURIComponent(openCareSecret(key, row.workspace_id, row.smtp_password) ?? '');
  }
  return { smtpUrl: url.toString(), from: row.smtp_from };
}

/** How the workspace's care e-mails go out: through its own SMTP server, else the server's (CLM_SMTP_URL). */
export function careMailer(
  deps: { secretKey: Buffer; sendMail: SendMail | null },
  row: SettingsRow,
): SendMail | null {
  const own = workspaceMailSettings(deps.secretKey, row);
  return own ? mailSender(own) : deps.sendMail;
}

/**
 * The guard webhooks have, for the workspace's SMTP host: no loopback, private or link-local address
 * unless an admin listed the host among the allowed ones. Throws a final WebhookError.
 */
export async function checkSmtpTarget(row: SettingsRow): Promise<void> {
  if (row.smtp_host !== null)
    await checkWebhookTarget(new URL(`smtp://${row.smtp_host}`), row.webhook_allowed_hosts);
}
