import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normaliseEmail, normalisePhone, phoneNormaliser } from './normalise.js';

test('a Chinese mobile number without country code is read in the default region CN', () => {
  assert.equal(normalisePhone('138 1234 5678', 'CN'), '+8613812345678');
  assert.equal(normalisePhone('138-1234-5678', 'cn'), '+8613812345678');
});

test('a number with its country code keeps that country whatever the default region', () => {
  assert.equal(normalisePhone('+44 20 7946 0958', 'CN'), '+442079460958');
  assert.equal(normalisePhone('+1 (415) 555-2671', 'CN'), '+14155552671');
  assert.equal(normalisePhone('0086 138 1234 5678', 'CN'), '+8613812345678');
});

test('a Beijing landline with its trunk prefix becomes E.164', () => {
  assert.equal(normalisePhone('010-6552 9988', 'CN'), '+861065529988');
});

test('numbers that cannot be valid are refused', () => {
  assert.equal(normalisePhone('12345', 'CN'), undefined);
  assert.equal(normalisePhone('not a phone', 'CN'), undefined);
  assert.equal(normalisePhone('', 'CN'), undefined);
  assert.equal(normalisePhone('138 1234 567', 'CN'), undefined);
});

test('e-mails are trimmed and lower-cased', () => {
  assert.equal(normaliseEmail('  Li.Wei@Example.COM '), 'li.wei@example.com');
});

test('a remembering normaliser answers as normalisePhone does, again and again', () => {
  const normalise = phoneNormaliser('CN', 2);
  for (let round = 0; round < 3; round++) {
    assert.equal(normalise('138 1234 5678'), '+8613812345678');
    assert.equal(normalise('12345'), undefined);
    assert.equal(normalise('010-6552 9988'), '+861065529988');
  }
});
