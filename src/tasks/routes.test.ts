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
  describe(`tasks API on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    let rep: Session;
    let analyst: Session;
    let customerId: string;
    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api, 'Tasks');
      rep = await addMember(api, alice, 'rep');
      analyst = await addMember(api, alice, 'analyst');
      customerId = (
        await alice.request({ method: 'POST', url: '/api/v1/customers', payload: { name: 'Acme' } })
      ).body.id;
    });
    after(() => api.close());

    const create = (session: Session, payload: object) =>
      session.request({ method: 'POST', url: '/api/v1/tasks', payload });
    const list = async (session: Session, query: string) => {
      const res = await session.request({ method: 'GET', url: `/api/v1/tasks?${query}` });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body as { data: { id: string; title: string }[]; nextCursor: string | null };
    };

    test('a task made by hand is the creator’s unless assigned, and lists by due day', async () => {
      const mine = await create(alice, { title: 'Call back', customerId, dueOn: '2026-12-03' });
      assert.equal(mine.status, 201);
      assert.equal(mine.headers.location, `/api/v1/tasks/${mine.body.id}`);
      assert.equal(mine.headers.etag, '"1"');
      assert.deepEqual(
        { ...mine.body, id: undefined, createdAt: undefined, updatedAt: undefined },
        {
          id: undefined,
          customerId,
          assigneeId: alice.userId,
          title: 'Call back',
          titles: null,
          notes: null,
          dueOn: '2026-12-03',
          status: 'open',
          doneAt: null,
          source: 'manual',
          stage: null,
          createdBy: alice.userId,
          version: 1,
          createdAt: undefined,
          updatedAt: undefined,
        },
      );
      assert.equal(
        (await create(alice, { title: 'Send quote', assigneeId: rep.userId, dueOn: '2026-12-01' })).status,
        201,
      );
      assert.equal((await create(rep, { title: 'Undated', assigneeId: null })).status, 201);
      assert.equal((await create(rep, { title: 'Visit', customerId, dueOn: '2026-12-02' })).status, 201);

      const titles = async (query: string) => (await list(alice, query)).data.map((t) => t.title);
      assert.deepEqual(await titles(''), ['Send quote', 'Visit', 'Call back', 'Undated']);
      assert.deepEqual(await titles(`assignee=${rep.userId}`), ['Send quote', 'Visit']);
      assert.deepEqual(await titles('assignee=me'), ['Call back']);
      assert.deepEqual(await titles('assignee=none'), ['Undated']);
      assert.deepEqual(await titles(`customerId=${customerId}`), ['Visit', 'Call back']);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof list>> = await list(
          alice,
          `limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        );
        paged.push(...page.data.map((t) => t.title));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(paged, ['Send quote', 'Visit', 'Call back', 'Undated']);
    });

    test('PATCH marks a task done and reopens it, with If-Match', async () => {
      const { body: task } = await create(alice, { title: 'Follow up', customerId });
      const url = `/api/v1/tasks/${task.id}`;
      assert.equal((await alice.request({ method: 'PATCH', url, payload: { status: 'done' } })).status, 428);
      const done = await alice.request({
        method: 'PATCH',
        url,
        payload: { status: 'done' },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(done.status, 200);
      assert.equal(done.body.status, 'done');
      assert.ok(done.body.doneAt);
      assert.equal(done.headers.etag, '"2"');
      const stale = await alice.request({
        method: 'PATCH',
        url,
        payload: { status: 'open' },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(stale.status, 412);
      assert.ok((await list(alice, 'status=done')).data.some((t) => t.id === task.id));
      assert.ok(!(await list(alice, 'status=open')).data.some((t) => t.id === task.id));
      const reopened = await alice.request({
        method: 'PATCH',
        url,
        payload: { status: 'open' },
        headers: { 'if-match': '"2"' },
      });
      assert.equal(reopened.body.status, 'open');
      assert.equal(reopened.body.doneAt, null);
      const read = await alice.request({ method: 'GET', url });
      assert.deepEqual(read.body, reopened.body);
    });

    test('bad input is a 400 naming each field, and nothing is stored', async () => {
      const before = (await list(alice, 'limit=500')).data.length;
      const other = await signUp(api, 'Elsewhere');
      const foreign = (
        await other.request({ method: 'POST', url: '/api/v1/customers', payload: { name: 'X' } })
      ).body.id;
      const res = await create(alice, { title: 'Nope', customerId: foreign, assigneeId: other.userId });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path).sort(), [
        'body.assigneeId',
        'body.customerId',
      ]);
      const shape = await create(alice, { title: '', dueOn: 'soon', colour: 'red' });
      assert.equal(shape.status, 400);
      assert.equal((await list(alice, 'limit=500')).data.length, before);
      const cursor = await alice.request({ method: 'GET', url: '/api/v1/tasks?cursor=WyJ4IiwieSJd' });
      assert.equal(cursor.status, 400);
    });

    test('analysts read tasks but cannot make or change them', async () => {
      assert.ok((await list(analyst, '')).data.length > 0);
      assert.equal((await create(analyst, { title: 'Mine' })).status, 403);
    });
  });
}
