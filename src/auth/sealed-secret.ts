import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets CLM must read back (a TOTP key) are stored encrypted with AES-256-GCM: `v1.` and the
 * base64url of a 12-byte nonce, the 16-byte tag and the ciphertext. The owner's id is the associated
 * data, so a sealed secret copied onto another account's row does not open. Whoever reads the database
 * without the key (a backup, a dump, a stolen disk of the database server) learns nothing.
 */
const PREFIX = 'v1.';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export const isSealed = (stored: string) => stored.startsWith(PREFIX);

export function sealSecret(key: Buffer, ownerId: string, secret: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce).setAAD(Buffer.from(ownerId));
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([nonce, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** The secret in `stored`; throws when the key or the owner is not the one it was sealed with. */
export function openSecret(key: Buffer, ownerId: string, stored: string): string {
  if (!isSealed(stored)) throw new Error('stored secret is not sealed');
  const bytes = Buffer.from(stored.slice(PREFIX.length), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE_BYTES))
    .setAAD(Buffer.from(ownerId))
    .setAuthTag(bytes.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString(
    'utf8',
  );
}
