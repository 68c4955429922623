import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError, apiErrorFrom, fieldMessages } from './api-error';

const problem = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });

describe('apiErrorFrom', () => {
  test('reads status, the last segment of the type as code, detail and field errors', async () => {
    const error = await apiErrorFrom(
      problem(400, {
        type: 'https://clm.dev/problems/validation',
        status: 400,
        detail: 'invalid body',
        errors: [{ path: 'body.emails.0', message: 'Invalid email address' }],
      }),
    );
    assert.equal(error.status, 400);
    assert.equal(error.code, 'validation');
    assert.equal(error.message, 'invalid body');
    assert.deepEqual(error.errors, [{ path: 'body.emails.0', message: 'Invalid email address' }]);
  });

  test('a 429 carries Retry-After in seconds, so the login can say how long to wait', async () => {
    const error = await apiErrorFrom(
      problem(
        429,
        { type: 'https://clm.dev/problems/too-many-attempts', detail: 'wait' },
        { 'retry-after': '840' },
      ),
    );
    assert.equal(error.retryAfter, 840);
  });

  test('a body that is not JSON (a proxy error page) still gives the status and a message', async () => {
    const error = await apiErrorFrom(
      new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    assert.equal(error.status, 502);
    assert.equal(error.code, 'http-502');
    assert.equal(error.message, 'Bad Gateway');
    assert.deepEqual(error.errors, []);
  });

  test('malformed entries in errors are dropped rather than shown as [object Object]', async () => {
    const error = await apiErrorFrom(
      problem(400, {
        detail: 'x',
        errors: [{ path: 'body.name' }, 'oops', { path: 'body.tags', message: 'too many' }],
      }),
    );
    assert.deepEqual(error.errors, [{ path: 'body.tags', message: 'too many' }]);
  });
});

describe('fieldMessages', () => {
  test('maps body paths to form fields, the first message of a list field winning', () => {
    const error = new ApiError(400, 'validation', 'invalid body', [
      { path: 'body.emails.1', message: 'Invalid email address' },
      { path: 'body.emails.2', message: 'Invalid email address (2)' },
      { path: 'body.name', message: 'Too small' },
    ]);
    assert.deepEqual(fieldMessages(error), { emails: 'Invalid email address', name: 'Too small' });
  });

  test('anything but an ApiError has no field messages', () => {
    assert.deepEqual(fieldMessages(new Error('boom')), {});
    assert.deepEqual(fieldMessages(null), {});
  });
});
