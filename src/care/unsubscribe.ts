import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The unsubscribe link of every care e-mail: the workspace, the customer and the channel, signed with
 * the server's secret key so that nobody can withdraw someone else's consent by guessing ids.
 */
export interface Unsubscribe {
  workspaceId: string;
  customerId: string;
  channel: 'email' | 'sms' | 'wechat';
}

const mac = (key: Buffer, payload: string) =>
  createHmac('sha256', key).update(`care-unsubscribe:${payload}`).digest('base64url');

export function unsubscribeToken(key: Buffer, u: Unsubscribe): string {
  const payload = Buffer.from(JSON.stringify([u.workspaceId, u.customerId, u.channel])).toString('base64url');
  return `${payload}.${mac(key, payload)}`;
}

/** The request a token stands for, or null for a token this server did not sign. */
export function readUnsubscribeToken(key: Buffer, token: string): Unsubscribe | null {
  const [payload, signature] = token.split('.');
  if (!payload || !signature) return null;
  const expected = Buffer.from(mac(key, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const [workspaceId, customerId, channel] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return { workspaceId, customerId, channel };
  } catch {
    return null;
  }
}
