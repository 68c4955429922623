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
  describe(`interactions API on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    let bob: Session;
    let rep: Session;
    let analyst: Session;
    let customer: string;
    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api);
      bob = await signUp(api, 'Other workspace');
      rep = await addMember(api, alice, 'rep');
      analyst = await addMember(api, alice, 'analyst');
      customer = await newCustomer(alice, 'Timeline customer');
    });
    after(() => api.close());

    const newCustomer = async (session: Session, name: string) =>
      (await session.request({ method: 'POST', url: '/api/v1/customers', payload: { name } })).body
        .id as string;
    const log = (session: Session, payload: Record<string, unknown>) =>
      session.request({ method: 'POST', url: '/api/v1/interactions', payload });
    const call = (customerId: string, occurredAt: string, extra: Record<string, unknown> = {}) => ({
      customerId,
      channel: 'phone',
      direction: 'outbound',
      summary: '回访：客户对报价满意',
      occurredAt,
      ...extra,
    });

    test('create records the caller as author and answers 201 with an ETag', async () => {
      const res = await log(
        rep,
        call(customer, '2026-03-01T10:00:00+08:00', { nextFollowUpOn: '2026-03-08' }),
      );
      assert.equal(res.status, 201);
      assert.equal(res.headers.etag, '"1"');
      assert.equal(res.body.userId, rep.userId);
      // The instant is kept, written in UTC.
      assert.equal(res.body.occurredAt, '2026-03-01T02:00:00.000Z');
      assert.equal(res.body.nextFollowUpOn, '2026-03-08');
      const read = await rep.request({ method: 'GET', url: `/api/v1/interactions/${res.body.id}` });
      assert.deepEqual(read.body, res.body);
    });

    test('validation names every bad field, and userId is not client-settable', async () => {
      const res = await log(alice, {
        customerId: customer,
        channel: 'fax',
        direction: 'sideways',
        summary: ' ',
        occurredAt: '2026-03-01 10:00',
        nextFollowUpOn: '08/03/2026',
        userId: rep.userId,
      });
      assert.equal(res.status, 400);
      const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
      assert.deepEqual(paths, [
        'body.channel',
        'body.direction',
        'body.nextFollowUpOn',
        'body.occurredAt',
        'body.summary',
        'body.userId',
      ]);
    });

    test('a customer of another workspace is a 400 naming body.customerId', async () => {
      const foreign = await newCustomer(bob, 'Not yours');
      const res = await log(alice, call(foreign, '2026-03-01T10:00:00Z'));
      assert.equal(res.status, 400);
      assert.deepEqual(res.body.errors, [
        { path: 'body.customerId', code: 'not_in_workspace', message: 'is not a customer of this workspace' },
      ]);
    });

    test('the timeline lists newest first and pages with a cursor, with no row twice', async () => {
      const c = await newCustomer(alice, 'Paging customer');
      for (const day of ['02', '05', '03', '01', '04']) await log(alice, call(c, `2026-04-${day}T09:00:00Z`));
      const days: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/customers/${c}/interactions?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await alice.request({ method: 'GET', url });
        assert.equal(page.status, 200);
        days.push(...page.body.data.map((i: { occurredAt: string }) => i.occurredAt.slice(8, 10)));
        cursor = page.body.nextCursor;
      } while (cursor);
      assert.deepEqual(days, ['05', '04', '03', '02', '01']);
    });

    test('filters combine: customer, author, channel and a [from, to) range, with a count', async () => {
      const c = await newCustomer(alice, 'Filter customer');
      await log(alice, call(c, '2026-05-01T00:00:00Z'));
      await log(rep, call(c, '2026-05-02T00:00:00Z'));
      await log(rep, call(c, '2026-05-03T00:00:00Z', { channel: 'wechat' }));
      await log(rep, call(c, '2026-05-04T00:00:00Z'));
      const query = `customerId=${c}&userId=${rep.userId}&channel=phone&from=2026-05-02T00:00:00Z&to=2026-05-04T00:00:00Z`;
      const res = await alice.request({ method: 'GET', url: `/api/v1/interactions?${query}&count=true` });
      assert.equal(res.body.total, 1);
      assert.deepEqual(
        res.body.data.map((i: { occurredAt: string }) => i.occurredAt),
        ['2026-05-02T00:00:00.000Z'],
      );
      const oldest = await alice.request({
        method: 'GET',
        url: `/api/v1/interactions?customerId=${c}&sort=occurredAt&limit=1`,
      });
      assert.equal(oldest.body.data[0].occurredAt, '2026-05-01T00:00:00.000Z');
      const bad = await alice.request({
        method: 'GET',
        url: '/api/v1/interactions?channel=fax&from=yesterday',
      });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.body.errors.map((e: { path: string }) => e.path).sort(), [
        'querystring.channel',
        'querystring.from',
      ]);
    });

    test('a forged cursor is a 400 naming query.cursor, not a database error', async () => {
      const forged = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url');
      const res = await alice.request({ method: 'GET', url: `/api/v1/interactions?cursor=${forged}` });
      assert.equal(res.status, 400);
      assert.deepEqual(
        res.body.errors.map((e: { path: string }) => e.path),
        ['querystring.cursor'],
      );
    });

    test('PATCH and DELETE need If-Match (428) and refuse a stale one (412)', async () => {
      const created = await log(alice, call(customer, '2026-06-01T08:00:00Z'));
      const url = `/api/v1/interactions/${created.body.id}`;
      assert.equal((await alice.request({ method: 'PATCH', url, payload: { summary: 'x' } })).status, 428);
      const ok = await alice.request({
        method: 'PATCH',
        url,
        payload: { summary: 'Sent the contract', nextFollowUpOn: null },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.version, 2);
      assert.equal(ok.body.summary, 'Sent the contract');
      const stale = await alice.request({
        method: 'PATCH',
        url,
        payload: { summary: 'y' },
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

    test('a follow-up cannot be moved to another customer', async () => {
      const created = await log(alice, call(customer, '2026-06-02T08:00:00Z'));
      const res = await alice.request({
        method: 'PATCH',
        url: `/api/v1/interactions/${created.body.id}`,
        payload: { customerId: customer },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.errors[0].path, 'body.customerId');
    });

    test('ids of another workspace are 404, and the list does not show them', async () => {
      const created = await log(alice, call(customer, '2026-06-03T08:00:00Z'));
      const url = `/api/v1/interactions/${created.body.id}`;
      const ifMatch = { 'if-match': '"1"' };
      assert.equal((await bob.request({ method: 'GET', url })).status, 404);
      assert.equal(
        (await bob.request({ method: 'PATCH', url, payload: { summary: 'x' }, headers: ifMatch })).status,
        404,
      );
      assert.equal((await bob.request({ method: 'DELETE', url, headers: ifMatch })).status, 404);
      assert.equal(
        (await bob.request({ method: 'GET', url: `/api/v1/customers/${customer}/interactions` })).status,
        404,
      );
      const list = await bob.request({
        method: 'GET',
        url: `/api/v1/interactions?customerId=${customer}&count=true`,
      });
      assert.equal(list.body.total, 0);
    });

    test('an analyst reads but gets 403 on writes; a rep changes only their own follow-ups', async () => {
      const mine = await log(alice, call(customer, '2026-06-04T08:00:00Z'));
      const url = `/api/v1/interactions/${mine.body.id}`;
      const ifMatch = { 'if-match': '"1"' };
      assert.equal((await analyst.request({ method: 'GET', url })).status, 200);
      assert.equal((await log(analyst, call(customer, '2026-06-04T09:00:00Z'))).status, 403);
      assert.equal(
        (await analyst.request({ method: 'PATCH', url, payload: { summary: 'x' }, headers: ifMatch })).status,
        403,
      );
      assert.equal((await analyst.request({ method: 'DELETE', url, headers: ifMatch })).status, 403);
      assert.equal(
        (await rep.request({ method: 'PATCH', url, payload: { summary: 'x' }, headers: ifMatch })).status,
        403,
      );
      const own = await log(rep, call(customer, '2026-06-04T10:00:00Z'));
      const patched = await rep.request({
        method: 'PATCH',
        url: `/api/v1/interactions/${own.body.id}`,
        payload: { channel: 'visit' },
        headers: ifMatch,
      });
      assert.equal(patched.status, 200);
    });

    test('a deleted customer takes its timeline with it', async () => {
      const c = await newCustomer(alice, 'Short-lived');
      const created = await log(alice, call(c, '2026-06-05T08:00:00Z'));
      await alice.request({
        method: 'DELETE',
        url: `/api/v1/customers/${c}`,
        headers: { 'if-match': '"1"' },
      });
      assert.equal(
        (await alice.request({ method: 'GET', url: `/api/v1/interactions/${created.body.id}` })).status,
        404,
      );
      assert.equal(
        (await alice.request({ method: 'GET', url: `/api/v1/customers/${c}/interactions` })).status,
        404,
      );
    });
  });
}
