import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { isSealed, openSecret, sealSecret } from './sealed-secret.js';

const key = randomBytes(32);
const owner = randomUUID();
const SECRET = 'JBSWY3DPEHPK3PXP';

test('a sealed secret opens with its key and owner and shows nothing of the secret', () => {
  const sealed = sealSecret(key, owner, SECRET);
  assert.ok(isSealed(sealed));
  assert.ok(!sealed.includes(SECRET));
  assert.equal(openSecret(key, owner, sealed), SECRET);
});

test('sealing twice gives two texts: each has a nonce of its own', () => {
  assert.notEqual(sealSecret(key, owner, SECRET), sealSecret(key, owner, SECRET));
});

test('another key, another owner or a changed byte does not open it', () => {
  const sealed = sealSecret(key, owner, SECRET);
  assert.throws(() => openSecret(randomBytes(32), owner, sealed));
  assert.throws(() => openSecret(key, randomUUID(), sealed));
  const flipped = `${sealed.slice(0, -2)}${sealed.at(-2) === 'A' ? 'B' : 'A'}${sealed.at(-1)}`;
  assert.throws(() => openSecret(key, owner, flipped));
});

test('a secret stored in plain text is not taken for a sealed one', () => {
  assert.equal(isSealed(SECRET), false);
  assert.throws(() => openSecret(key, owner, SECRET), /not sealed/);
});
