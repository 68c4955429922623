import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ApiClientOptions, createApiClient, formBody, ok, queryString, withEtag } from './api-client';
import { ApiError } from './api-error';

function fakeFetch(response: () => Response) {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    return response();
  };
  return { requests, fetch };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

// Requests need an absolute address outside a page; the app's client is rooted at its own origin.
const client = (options: Omit<ApiClientOptions, 'baseUrl'>) =>
  createApiClient({ baseUrl: 'http://clm.test/api/v1', ...options });

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
  test('a form is sent as it is, with the CSRF token and its multipart content type', async () => {
    const fake = fakeFetch(() => json({ id: 'i1', status: 'queued' }, 202));
    const api = client({ csrfToken: () => 'c5rf', workspace: () => 'w1', fetch: fake.fetch });
    const form = new FormData();
    form.set('kind', 'customers');
    const started = await ok(api.POST('/imports', { middleware: [formBody(form)] }));
    assert.deepEqual(started, { id: 'i1', status: 'queued' });
    const [request] = fake.requests;
    assert.equal(request.headers.get('x-csrf-token'), 'c5rf');
    assert.match(request.headers.get('content-type') ?? '', /^multipart\/form-data; boundary=/);
    assert.equal((await request.formData()).get('kind'), 'customers');
  });

  test('sends the CSRF token, the workspace, If-Match and Idempotency-Key, and returns the ETag', async () => {
    const fake = fakeFetch(() => json({ id: 'c1' }, 200, { etag: '"3"' }));
    const api = client({ csrfToken: () => 'c5rf', workspace: () => 'w1', fetch: fake.fetch });
    const answer = await withEtag(
      api.PATCH('/customers/{id}', {
        params: { path: { id: 'c1' } },
        body: { name: 'Li' },
        headers: { 'if-match': '"2"', 'idempotency-key': 'k1' },
      }),
    );
    assert.deepEqual(answer, { data: { id: 'c1' }, etag: '"3"' });
    const [request] = fake.requests;
    assert.equal(request.url, 'http://clm.test/api/v1/customers/c1');
    assert.equal(request.method, 'PATCH');
    assert.equal(request.headers.get('x-csrf-token'), 'c5rf');
    assert.equal(
      request.headers.get('authorization'),
      null,
      'the session travels in its cookie, never in a header',
    );
    assert.equal(request.credentials, 'same-origin');
    assert.equal(request.headers.get('clm-workspace'), 'w1');
    assert.equal(request.headers.get('if-match'), '"2"');
    assert.equal(request.headers.get('idempotency-key'), 'k1');
    assert.equal(request.headers.get('content-type'), 'application/json');
    assert.equal(await request.text(), '{"name":"Li"}');
  });

  test('path parameters are encoded and an empty filter is left out of the query', async () => {
    const fake = fakeFetch(() => json({ data: [], nextCursor: null }));
    const api = client({ csrfToken: () => null, workspace: () => null, fetch: fake.fetch });
    await ok(api.GET('/customers', { params: { query: { q: 'li wei', tag: '', limit: 20 } } }));
    await ok(api.GET('/customers/{id}', { params: { path: { id: 'a/b' } } }));
    assert.equal(fake.requests[0].url, 'http://clm.test/api/v1/customers?q=li+wei&limit=20');
    assert.equal(fake.requests[1].url, 'http://clm.test/api/v1/customers/a%2Fb');
  });

  test('a 412 becomes an ApiError the edit form can recognise as a conflict', async () => {
    const fake = fakeFetch(() =>
      json({ type: 'https://clm.dev/problems/precondition-failed', status: 412, detail: 'changed' }, 412),
    );
    const api = client({ csrfToken: () => 't', workspace: () => null, fetch: fake.fetch });
    await assert.rejects(
      api.PATCH('/customers/{id}', { params: { path: { id: 'c1' } }, body: {} }),
      (error: unknown) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.status, 412);
        assert.equal(error.code, 'precondition-failed');
        assert.equal(error.message, 'changed');
        return true;
      },
    );
  });

  test('reads send no CSRF token: only changes need it', async () => {
    const fake = fakeFetch(() => json({ data: [], nextCursor: null }));
    const api = client({ csrfToken: () => 'c5rf', workspace: () => null, fetch: fake.fetch });
    await api.GET('/customers');
    assert.equal(fake.requests[0].headers.get('x-csrf-token'), null);
    assert.equal(fake.requests[0].headers.get('accept'), 'application/json');
  });

  test('a 401 in a session signs out; a 401 without one (a failed login) does not', async () => {
    let signedOut = 0;
    const fake = fakeFetch(() => json({ type: 'https://clm.dev/problems/unauthenticated' }, 401));
    const onUnauthorized = () => {
      signedOut++;
    };
    const withToken = client({
      csrfToken: () => 'old',
      workspace: () => null,
      fetch: fake.fetch,
      onUnauthorized,
    });
    await assert.rejects(withToken.GET('/auth/me'), ApiError);
    const withoutToken = client({
      csrfToken: () => null,
      workspace: () => null,
      fetch: fake.fetch,
      onUnauthorized,
    });
    await assert.rejects(
      withoutToken.POST('/auth/login', { body: { email: 'li@example.com', password: 'wrong' } }),
      ApiError,
    );
    assert.equal(signedOut, 1);
  });

  test('a network failure is an ApiError with status 0, so the screen can say the server is unreachable', async () => {
    const api = client({
      csrfToken: () => null,
      workspace: () => null,
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    await assert.rejects(
      api.GET('/health'),
      (error: unknown) => error instanceof ApiError && error.status === 0,
    );
  });

  test('a request the screen gave up on stays an abort, which the query library expects', async () => {
    const api = client({
      csrfToken: () => null,
      workspace: () => null,
      fetch: async () => {
        throw new DOMException('aborted', 'AbortError');
      },
    });
    await assert.rejects(
      api.GET('/health'),
      (error: unknown) => error instanceof DOMException && error.name === 'AbortError',
    );
  });

  test('204 No Content resolves with no data', async () => {
    const fake = fakeFetch(() => new Response(null, { status: 204 }));
    const api = client({ csrfToken: () => 't', workspace: () => null, fetch: fake.fetch });
    const answer = await api.POST('/auth/logout');
    assert.equal(answer.data, undefined);
    assert.equal(answer.response.status, 204);
  });

  test('a download is answered as a Blob', async () => {
    const fake = fakeFetch(() => new Response('name\nLi\n', { headers: { 'content-type': 'text/csv' } }));
    const api = client({ csrfToken: () => null, workspace: () => null, fetch: fake.fetch });
    const file = await ok(api.GET('/exports/customers.csv', { parseAs: 'blob' }));
    assert.ok(file instanceof Blob);
    assert.equal(await file.text(), 'name\nLi\n');
  });

  test('a success without the body its route promises is an error, not an undefined record', async () => {
    const fake = fakeFetch(() => new Response(null, { status: 200, headers: { 'content-length': '0' } }));
    const api = client({ csrfToken: () => null, workspace: () => null, fetch: fake.fetch });
    await assert.rejects(ok(api.GET('/auth/me')), (error: unknown) => error instanceof ApiError);
  });
});
