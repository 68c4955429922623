import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import {
  addMember,
  databaseTargets,
  type Session,
  signUp,
  startApi,
  type TestApi,
} from '../../test/support.js';
import { inWorkspace } from '../db/tenant.js';

for (const target of databaseTargets) {
  describe(`tickets API on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    let agent: Session;
    let analyst: Session;
    let customerId: string;
    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api, 'Service');
      agent = await addMember(api, alice, 'rep');
      analyst = await addMember(api, alice, 'analyst');
      customerId = (
        await alice.request({ method: 'POST', url: '/api/v1/customers', payload: { name: 'Wang Fang' } })
      ).body.id;
    });
    after(() => api.close());

    const open = (session: Session, payload: object) =>
      session.request({ method: 'POST', url: '/api/v1/tickets', payload });
    const patch = (session: Session, id: string, version: number, payload: object) =>
      session.request({
        method: 'PATCH',
        url: `/api/v1/tickets/${id}`,
        payload,
        headers: { 'if-match': `"${version}"` },
      });
    const complaint = {
      kind: 'complaint',
      channel: 'phone',
      priority: 'urgent',
      category: 'delivery',
      subject: 'Parcel arrived broken',
    };

    test('a complaint is numbered, gets its priority’s targets, and runs its timers', async () => {
      const first = await open(alice, { ...complaint, customerId, assigneeId: agent.userId });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.equal(first.headers.location, `/api/v1/tickets/${first.body.id}`);
      assert.equal(first.body.status, 'new');
      assert.equal(first.body.sla.policy, 'urgent');
      assert.equal(first.body.sla.firstResponse.targetMinutes, 60);
      assert.equal(first.body.sla.resolution.targetMinutes, 480);
      assert.ok(['running', 'near_breach', 'breached'].includes(first.body.sla.firstResponse.state));
      const second = await open(agent, {
        ...complaint,
        customerId,
        priority: 'low',
        subject: 'Where is my invoice',
      });
      assert.equal(second.body.number, first.body.number + 1);
      assert.equal(second.body.sla.policy, 'low');
    });

    test('the workflow moves a ticket on, pauses while waiting, and refuses moves it does not allow', async () => {
      const { body: ticket } = await open(agent, { ...complaint, customerId });
      const url = `/api/v1/tickets/${ticket.id}`;
      const replied = await agent.request({
        method: 'POST',
        url: `${url}/events`,
        payload: { kind: 'reply', text: 'Sorry — a new one is on its way.' },
      });
      assert.equal(replied.status, 201);
      assert.ok(replied.body.firstResponseAt);
      assert.equal(replied.body.sla.firstResponse.state, 'met');
      const waiting = await patch(agent, ticket.id, replied.body.version, { status: 'waiting' });
      assert.equal(waiting.status, 200, JSON.stringify(waiting.body));
      assert.equal(waiting.body.sla.resolution.state, 'paused');
      assert.equal(waiting.body.sla.resolution.dueAt, null);
      const closedTooSoon = await patch(agent, ticket.id, waiting.body.version, { status: 'closed' });
      assert.equal(closedTooSoon.status, 409);
      assert.deepEqual(closedTooSoon.body.allowed, ['in_progress', 'resolved']);
      const resolved = await patch(agent, ticket.id, waiting.body.version, { status: 'resolved' });
      assert.equal(resolved.body.status, 'resolved');
      assert.ok(resolved.body.resolvedAt);
      assert.ok(['met', 'missed'].includes(resolved.body.sla.resolution.state));
      const reopened = await patch(agent, ticket.id, resolved.body.version, { status: 'in_progress' });
      assert.equal(reopened.body.status, 'in_progress');
      assert.equal(reopened.body.resolvedAt, null);

      const timeline = await agent.request({ method: 'GET', url: `${url}/events` });
      assert.deepEqual(
        timeline.body.data.map(
          (e: { kind: string; detail: { to?: string } }) => `${e.kind}:${e.detail.to ?? ''}`,
        ),
        ['created:', 'reply:', 'status:waiting', 'status:resolved', 'status:in_progress'],
      );
      const stale = await patch(agent, ticket.id, 1, { priority: 'low' });
      assert.equal(stale.status, 412);
    });

    test('a message of the customer ends a wait and owes an answer within the next-response target', async () => {
      const { body: ticket } = await open(agent, { ...complaint, customerId });
      const url = `/api/v1/tickets/${ticket.id}/events`;
      const say = (kind: string, text: string) =>
        agent.request({ method: 'POST', url, payload: { kind, text } });
      // Before the first response, the first-response target covers what the customer adds.
      const early = await say('customer_message', 'Also the lid is cracked.');
      assert.equal(early.status, 201, JSON.stringify(early.body));
      assert.equal(early.body.sla.nextResponse.state, 'none');
      const replied = await say('reply', 'We are sending a new one.');
      const waiting = await patch(agent, ticket.id, replied.body.version, { status: 'waiting' });
      assert.equal(waiting.body.sla.nextResponse.state, 'none');
      const wrote = await say('customer_message', 'When will it arrive?');
      assert.equal(wrote.body.status, 'in_progress');
      assert.equal(wrote.body.sla.nextResponse.targetMinutes, 60);
      assert.ok(['running', 'near_breach', 'breached'].includes(wrote.body.sla.nextResponse.state));
      assert.equal(wrote.body.sla.resolution.state === 'paused', false);
      const answered = await say('reply', 'Tomorrow morning.');
      assert.equal(answered.body.sla.nextResponse.state, 'none');
      assert.equal(answered.body.sla.firstResponse.state, 'met');
      const resolved = await patch(agent, ticket.id, answered.body.version, { status: 'resolved' });
      const late = await say('customer_message', 'Thanks!');
      assert.equal(late.status, 409, JSON.stringify(late.body));
      const timeline = await agent.request({ method: 'GET', url });
      assert.deepEqual(
        timeline.body.data.map(
          (e: { kind: string; detail: { to?: string } }) => `${e.kind}:${e.detail.to ?? ''}`,
        ),
        [
          'created:',
          'customer_message:',
          'reply:',
          'status:waiting',
          'status:in_progress',
          'customer_message:',
          'reply:',
          'status:resolved',
        ],
      );
      assert.equal(resolved.status, 200);
    });

    test('lists: mine, unassigned and open', async () => {
      const { body: mine } = await open(alice, { ...complaint, customerId, assigneeId: agent.userId });
      const list = async (session: Session, query: string) =>
        (await session.request({ method: 'GET', url: `/api/v1/tickets?${query}` })).body.data.map(
          (t: { id: string }) => t.id,
        );
      assert.ok((await list(agent, 'assignee=me')).includes(mine.id));
      assert.ok(!(await list(agent, 'assignee=none')).includes(mine.id));
      assert.ok((await list(alice, 'status=open')).includes(mine.id));
      assert.ok(!(await list(alice, 'status=closed')).includes(mine.id));
      // Customers have a kind too: the ticket's is meant.
      assert.ok((await list(alice, `kind=${complaint.kind}`)).includes(mine.id));
      assert.ok(!(await list(alice, 'kind=inquiry')).includes(mine.id));
      const pages: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { data: { id: string }[]; nextCursor: string | null } } = await alice.request({
          method: 'GET',
          url: `/api/v1/tickets?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        });
        pages.push(...res.body.data.map((t) => t.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      assert.deepEqual(pages, await list(alice, 'limit=100'));
      assert.equal(new Set(pages).size, pages.length);
    });

    test('bad input names every field at fault and stores nothing', async () => {
      const count = async () =>
        (await alice.request({ method: 'GET', url: '/api/v1/tickets?limit=500' })).body.data.length;
      const before = await count();
      const other = await signUp(api, 'Elsewhere');
      const foreign = (
        await other.request({ method: 'POST', url: '/api/v1/customers', payload: { name: 'X' } })
      ).body.id;
      const res = await open(alice, { ...complaint, customerId: foreign, category: 'weather' });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path).sort(), [
        'body.category',
        'body.customerId',
      ]);
      const shape = await open(alice, { kind: 'rant', channel: 'pigeon', subject: '', customerId });
      assert.equal(shape.status, 400);
      assert.equal(await count(), before);
      assert.equal((await open(analyst, { ...complaint, customerId })).status, 403);
    });

    test('the desk’s hours, categories and policies are settings admins change with If-Match', async () => {
      const read = await alice.request({ method: 'GET', url: '/api/v1/service/settings' });
      assert.equal(read.status, 200);
      assert.equal(read.headers.etag, '"0"');
      const settings = {
        ...read.body,
        categories: [
          ...read.body.categories,
          { code: 'installation', names: { en: 'Installation', 'zh-CN': '安装' } },
        ],
        policies: [{ name: 'Everything', targets: { firstResponseMinutes: 30, resolutionMinutes: null } }],
      };
      const put = (session: Session, body: object, version: string) =>
        session.request({
          method: 'PUT',
          url: '/api/v1/service/settings',
          payload: body,
          headers: { 'if-match': version },
        });
      assert.equal((await put(agent, settings, '"0"')).status, 403);
      const saved = await put(alice, settings, '"0"');
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.equal(saved.headers.etag, '"1"');
      assert.equal((await put(alice, settings, '"0"')).status, 412);
      const overlapping = await put(
        alice,
        {
          ...settings,
          hours: {
            ...settings.hours,
            1: [
              [540, 720],
              [700, 1080],
            ],
          },
        },
        '"1"',
      );
      assert.equal(overlapping.status, 400);
      const ticket = await open(agent, { ...complaint, customerId, category: 'installation' });
      assert.equal(ticket.status, 201);
      assert.equal(ticket.body.sla.policy, 'Everything');
      assert.equal(ticket.body.sla.resolution.state, 'none');
    });

    test('policies can tier on the customer’s CLV band', async () => {
      const read = await alice.request({ method: 'GET', url: '/api/v1/service/settings' });
      const put = (policies: object[]) =>
        alice.request({
          method: 'PUT',
          url: '/api/v1/service/settings',
          payload: { ...read.body, policies },
          headers: { 'if-match': read.headers.etag as string },
        });
      const backwards = await put([
        {
          name: 'Odd',
          clvBand: { min: 5000, max: 100 },
          targets: { firstResponseMinutes: 10, resolutionMinutes: null },
        },
      ]);
      assert.equal(backwards.status, 400);
      assert.deepEqual(
        backwards.body.errors.map((e: { path: string }) => e.path),
        ['body.policies.0.clvBand.max'],
      );
      const saved = await put([
        {
          name: 'Valuable',
          clvBand: { min: 10_000 },
          targets: { firstResponseMinutes: 15, nextResponseMinutes: 30, resolutionMinutes: 240 },
        },
        { name: 'Others', targets: { firstResponseMinutes: 240, resolutionMinutes: null } },
      ]);
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      const valuable = (
        await alice.request({ method: 'POST', url: '/api/v1/customers', payload: { name: 'Li Na' } })
      ).body.id;
      await inWorkspace(api.database.db, alice.workspaceId, (tx) =>
        sql`insert into customer_values (workspace_id, customer_id, as_of, computed_at, purchase_days,
          days_since_last, revenue, r_score, f_score, m_score, rfm_segment, cn_class, abc_class, clv)
          values (${alice.workspaceId}, ${valuable}, '2026-11-25', now(), 6, 12, '30000.00', 5, 5, 5,
          'Champions', '重要价值客户', 'C', '12500.00')`.execute(tx),
      );
      const rich = await open(agent, { ...complaint, customerId: valuable, category: null });
      assert.equal(rich.body.sla.policy, 'Valuable');
      assert.equal(rich.body.sla.firstResponse.targetMinutes, 15);
      const plain = await open(agent, { ...complaint, customerId, category: null });
      assert.equal(plain.body.sla.policy, 'Others');
    });

    test('bulk assignment gives tickets all at once or not at all; lists by team and by search', async () => {
      const helper = await addMember(api, alice, 'rep');
      const team = await alice.request({
        method: 'POST',
        url: '/api/v1/teams',
        payload: { name: 'Returns' },
      });
      await alice.request({
        method: 'PATCH',
        url: `/api/v1/members/${helper.userId}`,
        payload: { teamId: team.body.id },
      });
      await alice.request({
        method: 'PATCH',
        url: `/api/v1/members/${agent.userId}`,
        payload: { teamId: team.body.id },
      });
      const zhang = (
        await alice.request({ method: 'POST', url: '/api/v1/customers', payload: { name: '张伟' } })
      ).body.id;
      const a = (await open(alice, { ...complaint, customerId: zhang, subject: 'Lid cracked in transit' }))
        .body;
      const b = (await open(alice, { ...complaint, customerId, subject: 'Refund not received' })).body;
      const bulk = (payload: object, session = alice) =>
        session.request({ method: 'POST', url: '/api/v1/tickets/bulk-assign', payload });
      const unknown = '00000000-0000-4000-8000-000000000000';
      const refused = await bulk({ ticketIds: [a.id, unknown], assigneeId: helper.userId });
      assert.equal(refused.status, 400);
      assert.deepEqual(
        refused.body.errors.map((e: { path: string }) => e.path),
        ['body.ticketIds.1'],
      );
      assert.equal((await bulk({ ticketIds: [a.id], assigneeId: unknown })).status, 400);
      assert.equal((await bulk({ ticketIds: [a.id], assigneeId: helper.userId }, analyst)).status, 403);
      const untouched = await alice.request({ method: 'GET', url: `/api/v1/tickets/${a.id}` });
      assert.equal(untouched.body.assigneeId, null);
      const done = await bulk({ ticketIds: [a.id, b.id, a.id], assigneeId: helper.userId });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.deepEqual(done.body.ids.sort(), [a.id, b.id].sort());
      // Already theirs: nothing changes hands.
      assert.equal((await bulk({ ticketIds: [a.id], assigneeId: helper.userId })).body.count, 0);
      const moved = await alice.request({ method: 'GET', url: `/api/v1/tickets/${a.id}` });
      assert.equal(moved.body.assigneeId, helper.userId);
      assert.equal(moved.body.version, a.version + 1);
      assert.equal(moved.body.customerName, '张伟');
      const events = await alice.request({ method: 'GET', url: `/api/v1/tickets/${a.id}/events` });
      assert.deepEqual(
        events.body.data.map((e: { kind: string }) => e.kind),
        ['created', 'assigned'],
      );

      const ids = async (session: Session, query: string) =>
        (await session.request({ method: 'GET', url: `/api/v1/tickets?limit=500&${query}` })).body.data.map(
          (t: { id: string }) => t.id,
        );
      // The agent is in the helper's team and sees its tickets; alice has no team and sees none.
      const teamView = await ids(agent, 'team=mine');
      assert.ok(teamView.includes(a.id) && teamView.includes(b.id));
      assert.deepEqual(await ids(alice, 'team=mine'), []);
      assert.ok((await ids(alice, `team=${team.body.id}`)).includes(a.id));
      assert.deepEqual(await ids(alice, `q=${encodeURIComponent(`#${a.number}`)}`), [a.id]);
      assert.deepEqual(await ids(alice, 'q=cracked'), [a.id]);
      assert.deepEqual(await ids(alice, `q=${encodeURIComponent('张伟')}`), [a.id]);
      assert.deepEqual(await ids(alice, 'q=zhangwei'), [a.id]);
      assert.ok((await ids(alice, 'q=Wang')).includes(b.id));
      assert.deepEqual(await ids(alice, 'q=100%25'), []);
    });

    test('a ticket carries a business line and a team of its own, set, changed, listed and checked', async () => {
      const line = (
        await alice.request({ method: 'POST', url: '/api/v1/business-lines', payload: { name: 'Repairs' } })
      ).body;
      const queue = (
        await alice.request({ method: 'POST', url: '/api/v1/teams', payload: { name: 'Second line' } })
      ).body;
      const other = await signUp(api, 'Elsewhere');
      const foreignLine = (
        await other.request({ method: 'POST', url: '/api/v1/business-lines', payload: { name: 'Repairs' } })
      ).body;
      const foreignTeam = (
        await other.request({ method: 'POST', url: '/api/v1/teams', payload: { name: 'Second line' } })
      ).body;
      const refused = await open(alice, {
        ...complaint,
        customerId,
        businessLineId: foreignLine.id,
        teamId: foreignTeam.id,
      });
      assert.equal(refused.status, 400);
      assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.deepEqual(refused.body.errors.map((e: { path: string }) => e.path).sort(), [
        'body.businessLineId',
        'body.teamId',
      ]);
      const made = await open(alice, {
        ...complaint,
        customerId,
        subject: 'Hinge squeaks',
        businessLineId: line.id,
        teamId: queue.id,
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      assert.equal(made.body.businessLineId, line.id);
      assert.equal(made.body.teamId, queue.id);
      const plain = (await open(alice, { ...complaint, customerId, subject: 'No line' })).body;
      const ids = async (query: string, session = alice) =>
        (await session.request({ method: 'GET', url: `/api/v1/tickets?limit=500&${query}` })).body.data.map(
          (t: { id: string }) => t.id,
        );
      assert.deepEqual(await ids(`businessLine=${line.id}`), [made.body.id]);
      const without = await ids('businessLine=none');
      assert.ok(without.includes(plain.id) && !without.includes(made.body.id));
      // In the team's queue though no one of the team is assigned; the agent joins it and sees it as theirs.
      assert.deepEqual(await ids(`team=${queue.id}`), [made.body.id]);
      await alice.request({
        method: 'PATCH',
        url: `/api/v1/members/${analyst.userId}`,
        payload: { teamId: queue.id },
      });
      assert.deepEqual(await ids('team=mine', analyst), [made.body.id]);
      assert.equal(
        (await alice.request({ method: 'GET', url: '/api/v1/tickets?businessLine=nope' })).status,
        400,
      );

      const badPatch = await patch(alice, made.body.id, made.body.version, { teamId: foreignTeam.id });
      assert.equal(badPatch.status, 400);
      assert.deepEqual(
        badPatch.body.errors.map((e: { path: string }) => e.path),
        ['body.teamId'],
      );
      const moved = await patch(alice, made.body.id, made.body.version, {
        teamId: null,
        businessLineId: null,
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      assert.equal(moved.body.teamId, null);
      assert.equal(moved.body.businessLineId, null);
      assert.deepEqual(await ids(`team=${queue.id}`), []);
      const events = await alice.request({ method: 'GET', url: `/api/v1/tickets/${made.body.id}/events` });
      assert.deepEqual(
        events.body.data.map((e: { kind: string; detail: object }) => [e.kind, e.detail]),
        [
          ['created', { status: 'new', assigneeId: null, teamId: queue.id, businessLineId: line.id }],
          ['team', { from: queue.id, to: null }],
          ['business_line', { from: line.id, to: null }],
        ],
      );
    });

    test('every change of a customer’s tickets is on the customer’s timeline, newest first, paged', async () => {
      const chen = (
        await alice.request({ method: 'POST', url: '/api/v1/customers', payload: { name: 'Chen Jing' } })
      ).body.id;
      const ticket = (await open(alice, { ...complaint, customerId: chen })).body;
      const say = (kind: string, text: string) =>
        alice.request({
          method: 'POST',
          url: `/api/v1/tickets/${ticket.id}/events`,
          payload: { kind, text },
        });
      await say('reply', 'We are on it.');
      await say('note', 'Courier to be asked.');
      let version = (await say('customer_message', 'Still waiting.')).body.version;
      for (const change of [{ assigneeId: agent.userId }, { status: 'resolved' }, { status: 'in_progress' }])
        version = (await patch(alice, ticket.id, version, change)).body.version;
      const timeline = async (query = '') =>
        alice.request({ method: 'GET', url: `/api/v1/customers/${chen}/ticket-events?limit=3${query}` });
      const first = await timeline();
      assert.equal(first.status, 200, JSON.stringify(first.body));
      const second = await timeline(`&cursor=${first.body.nextCursor}`);
      const third = await timeline(`&cursor=${second.body.nextCursor}`);
      assert.equal(third.body.nextCursor, null);
      const all = [...first.body.data, ...second.body.data, ...third.body.data];
      // The reopening (resolved → in progress) and the resolution are status changes on the timeline.
      assert.deepEqual(
        all.map((e: { kind: string; detail: { to?: string } }) =>
          e.kind === 'status' ? `status:${e.detail.to}` : e.kind,
        ),
        ['status:in_progress', 'status:resolved', 'assigned', 'customer_message', 'note', 'reply', 'created'],
      );
      assert.ok(
        all.every(
          (e: { ticketId: string; ticketNumber: number; ticketSubject: string }) =>
            e.ticketId === ticket.id &&
            e.ticketNumber === ticket.number &&
            e.ticketSubject === complaint.subject,
        ),
      );
      assert.equal(all[4].detail.text, 'Courier to be asked.');
      assert.equal(
        (await alice.request({ method: 'GET', url: `/api/v1/customers/${chen}/ticket-events?cursor=bad` }))
          .status,
        400,
      );
      const stranger = await signUp(api, 'Not here');
      assert.equal(
        (await stranger.request({ method: 'GET', url: `/api/v1/customers/${chen}/ticket-events` })).status,
        404,
      );
    });
  });
}
