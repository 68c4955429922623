import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { uploadAndWait } from '../src/imports/test-files.js';
import {
  addMember,
  databaseTargets,
  type Session,
  signUp,
  startApi,
  type TestApi,
  uniqueEmail,
} from './support.js';

/**
 * Two workspaces; every route of the OpenAPI document that takes an id is called by the other workspace
 * with the first one's ids. Nothing may be read or changed: the answer is a 404 (or a 400 where the
 * body is refused first), and the records are the same afterwards. New routes are swept automatically.
 */
for (const target of databaseTargets) {
  describe(`tenant isolation on ${target.name}`, () => {
    let api: TestApi;
    let a: Session;
    let b: Session;
    const ids: Record<string, string> = {};
    const snapshots = new Map<string, string>();
    // A ticket's time left on its SLA falls with the clock: it is not a change to the record.
    const stable = (body: unknown) =>
      JSON.stringify(body, (key, value) => (key === 'remainingMinutes' ? undefined : value));

    before(async () => {
      api = await startApi(target.url, { runJobs: true });
      a = await signUp(api, 'A');
      b = await signUp(api, 'B');
      const post = async (url: string, payload: object) => {
        const res = await a.request({ method: 'POST', url, payload });
        assert.ok(res.status < 300, `${url}: ${JSON.stringify(res.body)}`);
        return res.body;
      };
      ids.customer = (await post('/api/v1/customers', { name: 'Org A', kind: 'organisation' })).id;
      ids.contact = (await post(`/api/v1/customers/${ids.customer}/contacts`, { name: 'Contact A' })).id;
      ids.businessLine = (await post('/api/v1/business-lines', { name: 'Line A' })).id;
      ids.transaction = (
        await post('/api/v1/transactions', {
          customerId: ids.customer,
          businessLineId: ids.businessLine,
          occurredAt: '2026-01-02T03:04:05Z',
          amount: '12.34',
        })
      ).id;
      ids.interaction = (
        await post('/api/v1/interactions', {
          customerId: ids.customer,
          channel: 'phone',
          direction: 'outbound',
          summary: 'called',
          occurredAt: '2026-01-02T03:04:05Z',
        })
      ).id;
      ids.team = (await post('/api/v1/teams', { name: 'Team A' })).id;
      ids.member = (await addMember(api, a, 'rep')).userId;
      ids.invitation = (
        await post('/api/v1/invitations', { email: uniqueEmail('invitee'), role: 'rep' })
      ).invitation.id;
      ids.token = (await post('/api/v1/auth/tokens', { name: 'A script' })).id;
      ids.import = (
        await uploadAndWait(
          a,
          { kind: 'customers' },
          { name: 'a.csv', data: Buffer.from('Name\nImported\n') },
        )
      ).id;
      ids.task = (await post('/api/v1/tasks', { title: 'Task A', customerId: ids.customer })).id;
      ids.careRule = (
        await post('/api/v1/care/rules', {
          names: { en: 'Rule A', 'zh-CN': '规则 A' },
          trigger: { type: 'festival', festival: 'mid-autumn' },
          actions: [{ type: 'task', title: { en: 'Call', 'zh-CN': '致电' }, dueInDays: 1 }],
        })
      ).id;
      ids.pool = (await post('/api/v1/pools', { name: 'Pool A' })).id;
      ids.ticket = (
        await post('/api/v1/tickets', {
          customerId: ids.customer,
          kind: 'inquiry',
          channel: 'email',
          subject: 'Ticket A',
        })
      ).id;
      ids.contract = (
        await post(`/api/v1/customers/${ids.customer}/contracts`, {
          title: 'Contract A',
          signedOn: '2026-01-02',
          startsOn: '2026-01-02',
          businessLineId: ids.businessLine,
        })
      ).id;
      const survivor = (await post('/api/v1/customers', { name: 'Merge survivor' })).id;
      const source = (await post('/api/v1/customers', { name: 'Merge source' })).id;
      const merged = await a.request({
        method: 'POST',
        url: `/api/v1/customers/${survivor}/merge`,
        payload: { sourceIds: [source] },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(merged.status, 200, JSON.stringify(merged.body));
      ids.merge = merged.body.mergeId;
      for (const url of readable())
        snapshots.set(url, stable((await a.request({ method: 'GET', url })).body));
    });
    after(() => api.close());

    const readable = () => [
      `/api/v1/customers/${ids.customer}`,
      `/api/v1/contacts/${ids.contact}`,
      `/api/v1/business-lines/${ids.businessLine}`,
      `/api/v1/transactions/${ids.transaction}`,
      `/api/v1/interactions/${ids.interaction}`,
      `/api/v1/customers/${ids.customer}/stats`,
      '/api/v1/members',
      '/api/v1/teams',
      '/api/v1/invitations',
      '/api/v1/auth/tokens',
      `/api/v1/tasks/${ids.task}`,
      `/api/v1/care/rules/${ids.careRule}`,
      '/api/v1/pools',
      `/api/v1/tickets/${ids.ticket}`,
      `/api/v1/tickets/${ids.ticket}/events`,
      '/api/v1/customer-merges',
      `/api/v1/customers/${ids.customer}/contracts`,
    ];

    // Which of A's ids a path parameter stands for, from the path it appears in.
    function idFor(path: string, param: string): string {
      if (param === 'customerId') return ids.customer;
      if (param === 'userId') return ids.member;
      const resource = path.replace('/api/v1/', '').split('/')[0];
      const byResource: Record<string, string> = {
        customers: ids.customer,
        contacts: ids.contact,
        'business-lines': ids.businessLine,
        transactions: ids.transaction,
        interactions: ids.interaction,
        teams: ids.team,
        members: ids.member,
        invitations: ids.invitation,
        auth: ids.token,
        imports: ids.import,
        tasks: ids.task,
        care: ids.careRule,
        pools: ids.pool,
        tickets: ids.ticket,
        'customer-merges': ids.merge,
        contracts: ids.contract,
      };
      const id = byResource[resource];
      assert.ok(id, `the sweep does not know which id ${path} takes: add it`);
      return id;
    }

    test('every route with an id answers 404 (or 400) to the other workspace and changes nothing', async () => {
      const doc = (await api.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
      let swept = 0;
      for (const [path, operations] of Object.entries<Record<string, unknown>>(doc.paths)) {
        const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        // A stage key (playbooks) names no record: every workspace has its own stage of that name.
        if (!params.filter((p) => p !== 'stage').length) continue;
        const url = params.reduce((u, p) => u.replace(`{${p}}`, idFor(path, p)), path);
        for (const method of Object.keys(operations)) {
          const res = await b.request({
            method: method.toUpperCase() as 'GET',
            url,
            headers: { 'if-match': '"1"' },
            ...(method === 'get' || method === 'delete' ? {} : { payload: {} }),
          });
          swept++;
          assert.ok([400, 404].includes(res.status), `${method} ${url} answered ${res.status}`);
          if (method === 'get') assert.equal(res.status, 404, `${method} ${url}`);
          assert.ok(!JSON.stringify(res.body ?? '').includes('Org A'), `${method} ${url} leaked data`);
        }
      }
      assert.ok(swept >= 15, `only ${swept} operations swept`);
      for (const url of readable()) {
        const now = stable((await a.request({ method: 'GET', url })).body);
        assert.equal(now, snapshots.get(url), `${url} changed`);
      }
    });

    test("writes that name the other workspace's ids in the body are refused", async () => {
      const attempts = [
        [
          '/api/v1/transactions',
          { customerId: ids.customer, occurredAt: '2026-01-01T00:00:00Z', amount: '1.00' },
        ],
        [
          '/api/v1/transactions/bulk',
          {
            transactions: [{ customerId: ids.customer, occurredAt: '2026-01-01T00:00:00Z', amount: '1.00' }],
          },
        ],
        [
          '/api/v1/interactions',
          {
            customerId: ids.customer,
            channel: 'phone',
            direction: 'inbound',
            summary: 'x',
            occurredAt: '2026-01-01T00:00:00Z',
          },
        ],
        ['/api/v1/customers', { name: 'Mine', ownerId: a.userId }],
      ] as const;
      for (const [url, payload] of attempts) {
        const res = await b.request({ method: 'POST', url, payload });
        assert.ok([400, 404].includes(res.status), `${url} answered ${res.status}`);
      }
      const stats = await a.request({ method: 'GET', url: `/api/v1/customers/${ids.customer}/stats` });
      assert.equal(stats.body.purchaseCount, 1);
    });

    test("lists filtered by the other workspace's ids are empty", async () => {
      for (const url of [
        `/api/v1/transactions?customerId=${ids.customer}`,
        `/api/v1/interactions?customerId=${ids.customer}`,
        `/api/v1/customers?ownerId=${a.userId}`,
      ]) {
        const res = await b.request({ method: 'GET', url });
        assert.equal(res.status, 200, url);
        assert.deepEqual(res.body.data, [], url);
      }
    });

    test('a member of B naming workspace A in the header gets 404 everywhere', async () => {
      for (const url of ['/api/v1/workspace', '/api/v1/customers', `/api/v1/customers/${ids.customer}`]) {
        const res = await b.request({ method: 'GET', url, headers: { 'clm-workspace': a.workspaceId } });
        assert.equal(res.status, 404, url);
      }
    });
  });
}
