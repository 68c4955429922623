import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addMember,
  databaseTargets,
  type Session,
  signUp,
  startApi,
  type TestApi,
} from '../../test/support.js';

for (const target of databaseTargets) {
  describe(`contacts API on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    let bob: Session;
    let analyst: Session;
    let acme: string;
    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api);
      bob = await signUp(api, 'Other workspace');
      analyst = await addMember(api, alice, 'analyst');
      acme = await organisation(alice, 'Acme Trading');
    });
    after(() => api.close());

    const organisation = async (session: Session, name: string) => {
      const res = await session.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name, kind: 'organisation' },
      });
      return res.body.id as string;
    };
    const addContact = (customerId: string, payload: Record<string, unknown>) =>
      alice.request({ method: 'POST', url: `/api/v1/customers/${customerId}/contacts`, payload });

    test('create normalises phones to E.164 in the workspace region and answers 201 with an ETag', async () => {
      const res = await addContact(acme, {
        name: '张伟',
        title: 'Purchasing manager',
        phones: ['138 1234 5678', '+86 138-1234-5678'],
        emails: [' Zhang.Wei@Acme.CN '],
      });
      assert.equal(res.status, 201);
      assert.equal(res.headers.etag, '"1"');
      assert.equal(res.headers.location, `/api/v1/contacts/${res.body.id}`);
      assert.equal(res.body.customerId, acme);
      // Two spellings of one number are one number.
      assert.deepEqual(res.body.phones, ['+8613812345678']);
      assert.deepEqual(res.body.emails, ['zhang.wei@acme.cn']);
      assert.equal(res.body.isPrimary, false);
    });

    test('bad phones are a 400 naming each entry, and nothing is stored', async () => {
      const customer = await organisation(alice, 'Phone Check Ltd');
      const res = await addContact(customer, { name: 'X', phones: ['13812345678', '12', 'abc'] });
      assert.equal(res.status, 400);
      assert.deepEqual(
        res.body.errors.map((e: { path: string }) => e.path),
        ['body.phones.1', 'body.phones.2'],
      );
      const list = await alice.request({
        method: 'GET',
        url: `/api/v1/customers/${customer}/contacts?count=true`,
      });
      assert.equal(list.body.total, 0);
    });

    test('schema errors name the field: missing name, unknown key, bad e-mail', async () => {
      const res = await addContact(acme, { title: 'CEO', emails: ['not-an-email'], customerId: acme });
      assert.equal(res.status, 400);
      const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
      assert.deepEqual(paths, ['body.customerId', 'body.emails.0', 'body.name']);
    });

    test('a number of no real region comes back beside the schema faults in one answer', async () => {
      const res = await addContact(acme, { name: ' ', emails: ['x@'], phones: ['+86 123 4567'] });
      assert.equal(res.status, 400);
      assert.deepEqual(
        res.body.errors.map(({ path, code }: { path: string; code: string }) => ({ path, code })),
        [
          { path: 'body.name', code: 'required' },
          { path: 'body.emails.0', code: 'invalid_email' },
          { path: 'body.phones.0', code: 'invalid_phone' },
        ],
      );
    });

    test('a person customer has no contacts: 409', async () => {
      const person = await alice.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Li' },
      });
      const res = await addContact(person.body.id, { name: 'Nobody' });
      assert.equal(res.status, 409);
    });

    test('setting a primary contact unsets the previous one and bumps its version', async () => {
      const customer = await organisation(alice, 'Primary Co');
      const first = await addContact(customer, { name: 'First', isPrimary: true });
      const second = await addContact(customer, { name: 'Second', isPrimary: true });
      assert.equal(second.body.isPrimary, true);
      const old = await alice.request({ method: 'GET', url: `/api/v1/contacts/${first.body.id}` });
      assert.equal(old.body.isPrimary, false);
      assert.equal(old.headers.etag, '"2"');
      const back = await alice.request({
        method: 'PATCH',
        url: `/api/v1/contacts/${first.body.id}`,
        payload: { isPrimary: true },
        headers: { 'if-match': '"2"' },
      });
      assert.equal(back.status, 200);
      const list = await alice.request({ method: 'GET', url: `/api/v1/customers/${customer}/contacts` });
      assert.deepEqual(
        list.body.data.map((c: { name: string; isPrimary: boolean }) => [c.name, c.isPrimary]),
        [
          ['First', true],
          ['Second', false],
        ],
      );
    });

    test('list pages with a cursor in the order contacts were added', async () => {
      const customer = await organisation(alice, 'Paging Co');
      for (const name of ['A', 'B', 'C']) await addContact(customer, { name });
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/customers/${customer}/contacts?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await alice.request({ method: 'GET', url });
        names.push(...page.body.data.map((c: { name: string }) => c.name));
        cursor = page.body.nextCursor;
      } while (cursor);
      assert.deepEqual(names, ['A', 'B', 'C']);
    });

    test('PATCH and DELETE need If-Match (428) and refuse a stale one (412)', async () => {
      const created = await addContact(acme, { name: 'Versioned' });
      const url = `/api/v1/contacts/${created.body.id}`;
      assert.equal((await alice.request({ method: 'PATCH', url, payload: { title: 'CTO' } })).status, 428);
      const ok = await alice.request({
        method: 'PATCH',
        url,
        payload: { title: 'CTO' },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.title, 'CTO');
      assert.equal(ok.headers.etag, '"2"');
      const stale = await alice.request({
        method: 'PATCH',
        url,
        payload: { title: 'CFO' },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(stale.status, 412);
      assert.equal((await alice.request({ method: 'DELETE', url })).status, 428);
      assert.equal(
        (await alice.request({ method: 'DELETE', url, headers: { 'if-match': '"1"' } })).status,
        412,
      );
      assert.equal(
        (await alice.request({ method: 'DELETE', url, headers: { 'if-match': '"2"' } })).status,
        204,
      );
      assert.equal((await alice.request({ method: 'GET', url })).status, 404);
    });

    test('ids of another workspace are 404 on every route', async () => {
      const created = await addContact(acme, { name: 'Private' });
      const url = `/api/v1/contacts/${created.body.id}`;
      const ifMatch = { 'if-match': '"1"' };
      assert.equal((await bob.request({ method: 'GET', url })).status, 404);
      assert.equal(
        (await bob.request({ method: 'PATCH', url, payload: { name: 'Hijack' }, headers: ifMatch })).status,
        404,
      );
      assert.equal((await bob.request({ method: 'DELETE', url, headers: ifMatch })).status, 404);
      const customerUrl = `/api/v1/customers/${acme}/contacts`;
      assert.equal((await bob.request({ method: 'GET', url: customerUrl })).status, 404);
      assert.equal(
        (await bob.request({ method: 'POST', url: customerUrl, payload: { name: 'Spy' } })).status,
        404,
      );
      const unknown = `/api/v1/customers/00000000-0000-4000-8000-000000000000/contacts`;
      assert.equal((await alice.request({ method: 'GET', url: unknown })).status, 404);
    });

    test('an analyst reads contacts but gets 403 on every write', async () => {
      const created = await addContact(acme, { name: 'Read Only' });
      const url = `/api/v1/contacts/${created.body.id}`;
      const ifMatch = { 'if-match': '"1"' };
      assert.equal((await analyst.request({ method: 'GET', url })).status, 200);
      const post = await analyst.request({
        method: 'POST',
        url: `/api/v1/customers/${acme}/contacts`,
        payload: { name: 'No' },
      });
      assert.equal(post.status, 403);
      assert.equal(
        (await analyst.request({ method: 'PATCH', url, payload: { name: 'No' }, headers: ifMatch })).status,
        403,
      );
      assert.equal((await analyst.request({ method: 'DELETE', url, headers: ifMatch })).status, 403);
    });
  });
}
