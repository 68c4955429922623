import { createTransport } from 'nodemailer';

/** The product's outgoing mail: one SMTP server and one sender address (CLM_SMTP_URL, CLM_MAIL_FROM). */
export interface MailSettings {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. */
  smtpUrl: string;
  from: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** An HTML part beside the text one (care e-mails). */
  html?: string;
  /** Extra headers, e.g. List-Unsubscribe on care messages. */
  headers?: Record<string, string>;
}

/** Sends one message; rejects when the server refuses it or cannot be reached. */
export type SendMail = (message: MailMessage) => Promise<void>;

// A server that accepts the connection and then says nothing must not hold a request for minutes.
const TIMEOUT_MS = 15_000;

/**
 * The sender for these settings, or null where no SMTP server is configured: callers then fall back to
 * what works without mail (an invitation link an admin can copy) or say that mail is not set up.
 *
 * @example
 * const sendMail = mailSender({ smtpUrl: 'smtp://mail.example.com:587', from: 'CLM <clm@example.com>' });
 * await sendMail?.({ to: 'li.na@example.com', subject: 'Hello', text: 'Plain text body' });
 */
export function mailSender(settings: MailSettings | undefined): SendMail | null {
  if (!settings) return null;
  const transport = createTransport(
    {
      url: settings.smtpUrl,
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
    },
    { from: settings.from },
  );
  return async function sendMail(message) {
    await transport.sendMail({
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: message.headers,
    });
  };
}
