import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addMember,
  databaseTargets,
  lasting,
  type Session,
  signUp,
  startApi,
  type TestApi,
} from '../../test/support.js';

const DAY = 86_400_000;

interface Listed {
  id: string;
  returnsAt: string | null;
  daysLeft: number | null;
  returnUrgent: boolean;
}

for (const target of databaseTargets) {
  describe(`the customer list by return deadline on ${target.name}`, () => {
    let api: TestApi;
    const start = new Date();
    let now = start;
    let owner: Session;
    let rep: Session;
    let otherRep: Session;
    const ids: Record<string, string> = {};
    const at = (days: number) => new Date(start.getTime() + days * DAY).toISOString();

    before(async () => {
      api = await startApi(target.url, { clock: () => now });
      owner = await lasting(await signUp(api, 'Deadline list'));
      rep = await lasting(await addMember(api, owner, 'rep'));
      otherRep = await lasting(await addMember(api, owner, 'rep'));
      const pools = await owner.request({ method: 'GET', url: '/api/v1/pools' });
      const poolId = pools.body.data.find((p: { isDefault: boolean }) => p.isDefault).id;
      await owner.request({
        method: 'PATCH',
        url: `/api/v1/pools/${poolId}`,
        payload: { returnRules: [{ noFollowUpDays: 10 }], urgentDays: 8 },
      });
      // Each taken half a day after the one before: their deadlines are 10 days after.
      const customers: [string, string | null][] = [
        ['repFirst', rep.userId],
        ['elsewhere', otherRep.userId],
        ['owners', owner.userId],
        ['repLast', rep.userId],
        ['pooledOne', null],
        ['pooledTwo', null],
      ];
      for (const [key, ownerId] of customers) {
        const created = await owner.request({
          method: 'POST',
          url: '/api/v1/customers',
          payload: { name: key, ownerId },
        });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        ids[key] = created.body.id;
        now = new Date(now.getTime() + DAY / 2);
      }
    });
    after(() => api.close());

    const list = async (session: Session, query: string) => {
      const answer = await session.request({ method: 'GET', url: `/api/v1/customers?${query}` });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return answer.body as { data: Listed[]; nextCursor: string | null; total?: number };
    };
    const names = (rows: Listed[]) => rows.map((r) => Object.keys(ids).find((k) => ids[k] === r.id));
    const pooled = (descending: boolean) =>
      ['pooledOne', 'pooledTwo'].sort((a, b) => (ids[a] < ids[b] ? -1 : 1) * (descending ? -1 : 1));

    test('the soonest return first, or last; customers without a deadline last either way, by id', async () => {
      const soonest = await list(owner, 'sort=returnsAt&limit=100&count=true');
      assert.deepEqual(names(soonest.data), ['repFirst', 'elsewhere', 'owners', 'repLast', ...pooled(false)]);
      assert.equal(soonest.total, 6);
      const latest = await list(owner, 'sort=-returnsAt&limit=100');
      assert.deepEqual(names(latest.data), ['repLast', 'owners', 'elsewhere', 'repFirst', ...pooled(true)]);
    });

    test('pages of two walk the same order, across from the deadlines to the customers without one', async () => {
      for (const sort of ['returnsAt', '-returnsAt']) {
        const whole = (await list(owner, `sort=${sort}&limit=100`)).data.map((r) => r.id);
        const walked: string[] = [];
        let cursor: string | null = null;
        do {
          const page: Awaited<ReturnType<typeof list>> = await list(
            owner,
            `sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          );
          walked.push(...page.data.map((r) => r.id));
          cursor = page.nextCursor;
        } while (cursor);
        assert.deepEqual(walked, whole, sort);
      }
    });

    test('each owned customer shows its deadline, whole days left and urgency; pool customers none', async () => {
      // Now is 3 days after the first was taken: 7 days left for it (urgent at 8), 8.5 for the last.
      const rows = (await list(owner, 'sort=returnsAt&limit=100')).data;
      const byName = (name: string) => rows.find((r) => r.id === ids[name]);
      assert.deepEqual(byName('repFirst'), {
        ...byName('repFirst'),
        returnsAt: at(10),
        daysLeft: 7,
        returnUrgent: true,
      });
      assert.deepEqual(byName('repLast'), {
        ...byName('repLast'),
        returnsAt: at(11.5),
        daysLeft: 9,
        returnUrgent: false,
      });
      assert.deepEqual(byName('pooledOne'), {
        ...byName('pooledOne'),
        returnsAt: null,
        daysLeft: null,
        returnUrgent: false,
      });
    });

    test("the sort keeps the list's scope and filters: a rep sees their own and the pool's, in order", async () => {
      const mine = await list(rep, 'sort=returnsAt&limit=100');
      assert.deepEqual(names(mine.data), ['repFirst', 'repLast', ...pooled(false)]);
      const paged = await list(rep, 'sort=-returnsAt&limit=1');
      assert.deepEqual(names(paged.data), ['repLast']);
      const next = await list(rep, `sort=-returnsAt&limit=2&cursor=${paged.nextCursor}`);
      assert.deepEqual(names(next.data), ['repFirst', pooled(true)[0]]);
      const owned = await list(owner, `sort=-returnsAt&limit=100&ownerId=${rep.userId}`);
      assert.deepEqual(names(owned.data), ['repLast', 'repFirst']);
    });

    test('a cursor this sort did not make is refused naming it', async () => {
      const forged = (value: unknown) =>
        Buffer.from(JSON.stringify([value, ids.repFirst])).toString('base64url');
      for (const cursor of ['garbage', forged('soon'), forged(5), forged('+020000-01-01T00:00:00.000Z')]) {
        const answer = await owner.request({
          method: 'GET',
          url: `/api/v1/customers?sort=returnsAt&cursor=${cursor}`,
        });
        assert.equal(answer.status, 400, cursor);
        assert.equal(answer.body.errors[0].path, 'querystring.cursor');
      }
    });
  });
}
