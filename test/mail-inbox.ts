import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { MailSettings } from '../src/mail/send-mail.js';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  /** The HTML part of a multipart/alternative message; null for a text-only one. */
  html: string | null;
}

export interface MailInbox {
  settings: MailSettings;
  messages: ReceivedMail[];
  /** The next message to `to` that arrives (or has arrived and was not taken yet). */
  next(to: string, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export interface MailInboxOptions {
  /**
   * Asked before each message is accepted (the server's answer to the data waits for it): false refuses
   * it, so that it was never delivered, as when the sender dies before the server's reply.
   */
  accept?: (to: string[]) => Promise<boolean>;
  /** A user and password the server requires (over plain text: it is a test). */
  auth?: { user: string; pass: string };
}

/** A real SMTP server on a free local port that keeps what it receives. */
export async function startMailInbox(options: MailInboxOptions = {}): Promise<MailInbox> {
  const messages: ReceivedMail[] = [];
  const taken = new Set<ReceivedMail>();
  const server = new SMTPServer({
    authOptional: !options.auth,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      const ok = auth.username === options.auth?.user && auth.password === options.auth?.pass;
      callback(ok ? null : new Error('wrong user or password'), ok ? { user: auth.username } : undefined);
    },
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        if (options.accept && !(await options.accept(to))) return callback(new Error('not accepted'));
        messages.push({ to, ...parseMessage(Buffer.concat(chunks).toString('latin1')) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    settings: { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'CLM <clm@example.com>' },
    messages,
    async next(to, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find((m) => !taken.has(m) && m.to.includes(to.toLowerCase()));
        if (found) {
          taken.add(found);
          return found;
        }
        if (Date.now() > deadline) throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Subject, plain-text body and HTML body of a message, single-part or multipart/alternative, each part
 * decoded from base64 or quoted-printable.
 */
function parseMessage(raw: string): { subject: string; text: string; html: string | null } {
  const { header, body } = splitPart(raw);
  const subject = decodeWords(header('Subject'));
  const boundary = /boundary="?([^";]+)"?/i.exec(header('Content-Type'))?.[1];
  if (!boundary) return { subject, text: decodeBody(header, body), html: null };
  const parts = body
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => splitPart(part.replace(/^\r\n/, '')));
  const typed = (type: string) => {
    const part = parts.find((p) => p.header('Content-Type').toLowerCase().startsWith(type));
    return part ? decodeBody(part.header, part.body.replace(/\r\n$/, '')) : null;
  };
  return { subject, text: typed('text/plain') ?? '', html: typed('text/html') };
}

function splitPart(raw: string) {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1] ?? '';
  return { header, body: raw.slice(split + 4) };
}

function decodeBody(header: (name: string) => string, body: string): string {
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const bytes =
    encoding === 'base64'
      ? Buffer.from(body, 'base64')
      : encoding === 'quoted-printable'
        ? Buffer.from(
            body
              .replace(/=\r\n/g, '')
              .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
            'latin1',
          )
        : Buffer.from(body, 'latin1');
  return bytes.toString('utf8');
}

/** RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`) in a header. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
      kind.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    );
}
