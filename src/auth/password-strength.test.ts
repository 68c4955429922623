import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../errors.js';
import { assertStrongPassword, passwordWeakness } from './password-strength.js';

describe('password strength', () => {
  test('ten repeated letters and a common password with digits are refused, with the reason', () => {
    assert.equal(
      passwordWeakness('aaaaaaaaaa'),
      'is too easy to guess: it repeats one character; use a longer phrase of unrelated words',
    );
    assert.equal(
      passwordWeakness('password12'),
      'is too easy to guess: it is a commonly used password; use a longer phrase of unrelated words',
    );
    assert.match(passwordWeakness('Password123!') ?? '', /commonly used password/);
    assert.match(passwordWeakness('qwertyuiop12') ?? '', /too easy to guess/);
  });

  test('a short password is refused for its length before anything else', () => {
    assert.equal(passwordWeakness('x7#Kp2!q'), 'must be at least 10 characters');
  });

  test('a phrase of unrelated words passes', () => {
    assert.equal(passwordWeakness('correct horse battery'), undefined);
    assert.equal(passwordWeakness('a good password'), undefined);
  });

  test("the account's own e-mail and name count as known words", () => {
    assert.equal(passwordWeakness('xiaoqiang2024'), undefined);
    assert.equal(
      passwordWeakness('xiaoqiang2024', ['xiaoqiang@example.com', 'Xiaoqiang']),
      'is too easy to guess: it is built on your name or e-mail; use a longer phrase of unrelated words',
    );
  });

  test('a very long password is judged by its first 100 characters, in well under a second', () => {
    const started = performance.now();
    assert.equal(
      passwordWeakness(`${'a'.repeat(100)}${'x7#Kp2!q'.repeat(100)}`),
      passwordWeakness('a'.repeat(100)),
    );
    assert.equal(passwordWeakness(`${'lantern orchard velvet '.repeat(40)}`), undefined);
    assert.ok(performance.now() - started < 1000);
  });

  test('the error is a 400 naming the field', () => {
    assert.throws(
      () => assertStrongPassword('password12', 'body.newPassword'),
      (error: unknown) =>
        error instanceof AppError &&
        error.status === 400 &&
        error.code === 'weak-password' &&
        error.errors[0]?.path === 'body.newPassword',
    );
  });
});
