import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';
import { inputFault, MAX_DEPTH, printable, textFault } from './input-checks.js';

const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

describe('the text and depth rule', () => {
  test('names the first string holding NUL by its dotted path', () => {
    assert.deepEqual(inputFault({ a: [{ b: 'ok' }, { b: 'x\u0000y' }] }, 'body'), {
      path: 'body.a.1.b',
      code: 'invalid_text',
      message: 'must not contain NUL characters',
    });
  });

  test('refuses a lone surrogate but keeps a pair such as 🙂', () => {
    assert.equal(textFault('smile 🙂'), undefined);
    assert.match(textFault('half \ud83d of it') ?? '', /lone UTF-16 surrogate/);
    assert.match(textFault('\udc00 first') ?? '', /lone UTF-16 surrogate/);
  });

  test('checks field names too, showing them printable', () => {
    assert.deepEqual(inputFault({ 'a\u0000b': 1 }, 'body'), {
      path: 'body.a\ufffdb',
      code: 'invalid_text',
      message: 'field name must not contain NUL characters',
    });
  });

  test(`takes ${MAX_DEPTH} levels of nesting and refuses the next`, () => {
    assert.equal(inputFault(nested(MAX_DEPTH), 'body'), undefined);
    assert.match(inputFault(nested(MAX_DEPTH + 1), 'body')?.message ?? '', /nested deeper than 32 levels/);
  });

  test('walks 100,000 levels without exhausting the stack, stopping at the limit', () => {
    assert.match(inputFault(nested(100_000), 'body')?.message ?? '', /nested deeper/);
  });

  test('printable replaces NUL and lone surrogates only', () => {
    assert.equal(printable('a\u0000b\ud800c🙂'), 'a\ufffdb\ufffdc🙂');
  });
});

for (const target of databaseTargets) {
  describe(`input the database cannot hold is refused with 400 naming the field (${target.name})`, () => {
    let api: TestApi;
    let alice: Session;
    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api);
    });
    after(() => api.close());

    const customers = async () =>
      (await alice.request({ method: 'GET', url: '/api/v1/customers?count=true' })).body.total;

    test('NUL in a customer name, nothing stored', async () => {
      const before = await customers();
      const answer = await alice.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Zh\u0000ang' },
      });
      assert.equal(answer.status, 400);
      assert.equal(answer.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.deepEqual(answer.body.errors, [
        { path: 'body.name', code: 'invalid_text', message: 'must not contain NUL characters' },
      ]);
      assert.equal(await customers(), before);
    });

    test('a lone surrogate inside a custom field', async () => {
      const answer = await alice.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Li', custom: { note: 'half \ud83d' } },
      });
      assert.equal(answer.status, 400);
      assert.equal(answer.body.errors[0].path, 'body.custom.note');
    });

    test('NUL in a query filter and in a path parameter', async () => {
      const query = await alice.request({ method: 'GET', url: '/api/v1/customers?q=a%00b' });
      assert.equal(query.status, 400);
      assert.equal(query.body.errors[0].path, 'querystring.q');
      const path = await alice.request({ method: 'GET', url: '/api/v1/lifecycle/playbooks/a%00b' });
      assert.equal(path.status, 400);
      assert.equal(path.body.errors[0].path, 'params.stage');
    });

    test('NUL in one’s own display name', async () => {
      const answer = await alice.request({
        method: 'PATCH',
        url: '/api/v1/me',
        payload: { name: 'A\u0000' },
      });
      assert.equal(answer.status, 400);
      assert.equal(answer.body.errors[0].path, 'body.name');
    });

    test('a body nested 5,000 deep', async () => {
      const answer = await alice.request({
        method: 'PATCH',
        url: '/api/v1/workspace',
        headers: { 'content-type': 'application/json', 'if-match': '"1"' },
        payload: `{"settings":{"x":${'['.repeat(5000)}${']'.repeat(5000)}}}`,
      });
      assert.equal(answer.status, 400);
      assert.match(answer.body.errors[0].path, /^body\.settings\.x\.0\.0/);
    });

    test('custom fields past 16 KiB or 4 levels, named as body.custom', async () => {
      const big = { name: 'Wang', custom: { note: 'x'.repeat(20_000) } };
      const deep = { name: 'Wang', custom: { a: { b: { c: { d: { e: 1 } } } } } };
      for (const payload of [big, deep]) {
        const answer = await alice.request({ method: 'POST', url: '/api/v1/customers', payload });
        assert.equal(answer.status, 400);
        assert.equal(answer.body.errors[0].path, 'body.custom');
      }
      const fine = { name: 'Wang', custom: { size: { rooms: [3, 4] }, note: 'x'.repeat(1000) } };
      assert.equal(
        (await alice.request({ method: 'POST', url: '/api/v1/customers', payload: fine })).status,
        201,
      );
    });

    test('the year 0 in a date filter and the year 9999 in an instant', async () => {
      const kpis = await alice.request({ method: 'GET', url: '/api/v1/lifecycle/kpis?to=0001-01-01' });
      assert.equal(kpis.status, 400);
      assert.deepEqual(kpis.body.errors, [
        {
          path: 'querystring.to',
          code: 'date_out_of_range',
          message: 'must be between 1900-01-01 and 2999-12-31',
        },
      ]);
      const list = await alice.request({
        method: 'GET',
        url: '/api/v1/transactions?to=9999-12-31T23:59:59Z',
      });
      assert.equal(list.status, 400);
      assert.equal(list.body.errors[0].path, 'querystring.to');
    });
  });
}
