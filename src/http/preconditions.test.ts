import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { expectedVersion } from './preconditions.js';

const withIfMatch = (value: string) => ({ headers: { 'if-match': value } }) as unknown as FastifyRequest;

test('If-Match reads the version of a strong or weak entity tag', () => {
  assert.equal(expectedVersion(withIfMatch('"7"')), 7);
  assert.equal(expectedVersion(withIfMatch('W/"2147483647"')), 2147483647);
});

test('a version past what an integer column holds is a 412, not a failed query', () => {
  for (const value of ['"2147483648"', '"99999999999999999999"', '"1e3"', '*']) {
    assert.throws(
      () => expectedVersion(withIfMatch(value)),
      (error: unknown) => error instanceof AppError && error.status === 412,
      value,
    );
  }
});
