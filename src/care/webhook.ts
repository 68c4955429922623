import { createHmac } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Webhook calls of care rules: a signed POST of JSON. The receiver checks
 * `X-CLM-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` with the workspace's webhook key
 * and rejects an `X-CLM-Timestamp` older than a few minutes (a replayed call).
 */

// Addresses a request from the server must not reach unless an admin allows the host: loopback,
// private, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, unspecified, ULA.
const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['::ffff:0:0', 96],
] as const)
  blocked.addSubnet(net, bits, 'ipv6');

export class WebhookError extends Error {
  constructor(
    message: string,
    /** A retry cannot help (a forbidden address): the message fails at once. */
    readonly final = false,
  ) {
    super(message);
  }
}

/** Throws a final WebhookError when the URL's host (a webhook's, or an SMTP server's) resolves to an address the server must not reach. */
export async function checkWebhookTarget(url: URL, allowedHosts: readonly string[]): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (allowedHosts.includes(host)) return;
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true });
  for (const { address, family } of addresses)
    if (blocked.check(address, family === 6 ? 'ipv6' : 'ipv4'))
      throw new WebhookError(`the host ${host} is a private or local address (${address})`, true);
}

export function signature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const TIMEOUT_MS = 10_000;

/** POSTs the body, signed; rejects on a network error, a timeout, a redirect or a non-2xx answer. */
export async function callWebhook(
  url: string,
  body: object,
  secret: string,
  allowedHosts: readonly string[],
  messageId: string,
  now: Date,
): Promise<void> {
  await checkWebhookTarget(new URL(url), allowedHosts);
  const text = JSON.stringify(body);
  const timestamp = Math.floor(now.getTime() / 1000);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: {
        'content-type': 'application/json',
        'x-clm-timestamp': String(timestamp),
        'x-clm-signature': signature(secret, timestamp, text),
        // The same id on every retry, so a receiver can drop a repeat.
        'x-clm-message-id': messageId,
      },
      body: text,
    });
  } catch (error) {
    throw new WebhookError(`webhook unreachable: ${(error as Error).message}`);
  }
  await response.body?.cancel();
  if (response.status < 200 || response.status > 299)
    throw new WebhookError(`webhook answered ${response.status}`);
}
