import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApiClient, queryString } from './api-client';
import { ApiError } from './api-error';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(response: () => Response) {
  const calls: Call[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return response();
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('queryString', () => {
  test('leaves out unset and empty values, so an empty filter is no filter', () => {
    assert.equal(
      queryString({ q: 'wang', tag: '', type: undefined, owner: null, limit: 100, count: true }),
      '?q=wang&limit=100&count=true',
    );
    assert.equal(queryString({}), '');
  });
});

describe('createApiClient', () => {
  test('a form is sent as it is, with the CSRF token and without a JSON content type', async () => {
    const fake = fakeFetch(() => json({ id: 'i1', status: 'queued' }, 202));
    const client = createApiClient({ csrfToken: () => 'c5rf', workspace: () => 'w1', fetch: fake.fetch });
    const form = new FormData();
    form.set('kind', 'customers');
    const response = await client.request('POST', '/imports', { form });
    assert.deepEqual(response.data, { id: 'i1', status: 'queued' });
    const { init } = fake.calls[0];
    assert.equal(init.body, form);
    const headers = init.headers as Record<string, string>;
    assert.equal(headers['x-csrf-token'], 'c5rf');
    assert.equal(headers['content-type'], undefined);
  });

  test('sends the CSRF token, the workspace, If-Match and Idempotency-Key, and returns the ETag', async () => {
    const fake = fakeFetch(() => json({ id: 'c1' }, 200, { etag: '"3"' }));
    const client = createApiClient({ csrfToken: () => 'c5rf', workspace: () => 'w1', fetch: fake.fetch });
    const response = await client.request('PATCH', '/customers/c1', {
      body: { name: 'Li' },
      ifMatch: '"2"',
      idempotencyKey: 'k1',
    });
    assert.deepEqual(response, { data: { id: 'c1' }, etag: '"3"' });
    const headers = fake.calls[0].init.headers as Record<string, string>;
    assert.equal(fake.calls[0].url, '/api/v1/customers/c1');
    assert.equal(headers['x-csrf-token'], 'c5rf');
    assert.equal(headers.authorization, undefined, 'the session travels in its cookie, never in a header');
    assert.equal(fake.calls[0].init.credentials, 'same-origin');
    assert.equal(headers['clm-workspace'], 'w1');
    assert.equal(headers['if-match'], '"2"');
    assert.equal(headers['idempotency-key'], 'k1');
    assert.equal(fake.calls[0].init.body, '{"name":"Li"}');
  });

  test('a 412 becomes an ApiError the edit form can recognise as a conflict', async () => {
    const fake = fakeFetch(() =>
      json({ type: 'https://clm.dev/problems/precondition-failed', status: 412, detail: 'changed' }, 412),
    );
    const client = createApiClient({ csrfToken: () => 't', workspace: () => null, fetch: fake.fetch });
    await assert.rejects(client.request('PATCH', '/customers/c1', { body: {} }), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.status, 412);
      assert.equal(error.code, 'precondition-failed');
      return true;
    });
  });

  test('reads send no CSRF token: only changes need it', async () => {
    const fake = fakeFetch(() => json({ data: [] }));
    const client = createApiClient({ csrfToken: () => 'c5rf', workspace: () => null, fetch: fake.fetch });
    await client.get('/customers');
    assert.equal((fake.calls[0].init.headers as Record<string, string>)['x-csrf-token'], undefined);
  });

  test('a 401 in a session signs out; a 401 without one (a failed login) does not', async () => {
    let signedOut = 0;
    const fake = fakeFetch(() => json({ type: 'https://clm.dev/problems/unauthenticated' }, 401));
    const onUnauthorized = () => {
      signedOut++;
    };
    const withToken = createApiClient({
      csrfToken: () => 'old',
      workspace: () => null,
      fetch: fake.fetch,
      onUnauthorized,
    });
    await assert.rejects(withToken.get('/auth/me'));
    const withoutToken = createApiClient({
      csrfToken: () => null,
      workspace: () => null,
      fetch: fake.fetch,
      onUnauthorized,
    });
    await assert.rejects(withoutToken.request('POST', '/auth/login', { body: {} }));
    assert.equal(signedOut, 1);
  });

  test('a network failure is an ApiError with status 0, so the screen can say the server is unreachable', async () => {
    const client = createApiClient({
      csrfToken: () => null,
      workspace: () => null,
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    await assert.rejects(
      client.get('/health'),
      (error: unknown) => error instanceof ApiError && error.status === 0,
    );
  });

  test('204 No Content resolves with null data', async () => {
    const fake = fakeFetch(() => new Response(null, { status: 204 }));
    const client = createApiClient({ csrfToken: () => 't', workspace: () => null, fetch: fake.fetch });
    assert.deepEqual(await client.request('POST', '/auth/logout'), { data: null, etag: null });
  });
});
