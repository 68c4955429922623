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
import { inWorkspace } from '../db/tenant.js';
import { riskBand } from '../value/value-rows.js';
import { runPoolReturns } from './returns.js';

const DAY = 86_400_000;

for (const target of databaseTargets) {
  describe(`pools, claims and returns on ${target.name}`, () => {
    let api: TestApi;
    // From the real time: sessions and owned_since written by the database read its clock.
    let now = new Date();
    let owner: Session;
    let repA: Session;
    let repB: Session;
    let manager: Session;
    let defaultPool: { id: string };
    const later = (days: number) => {
      now = new Date(now.getTime() + days * DAY);
    };

    before(async () => {
      api = await startApi(target.url, { clock: () => now });
      owner = await lasting(await signUp(api, 'Pools'));
      repA = await lasting(await addMember(api, owner, 'rep'));
      repB = await lasting(await addMember(api, owner, 'rep'));
      manager = await lasting(await addMember(api, owner, 'manager'));
      const pools = await owner.request({ method: 'GET', url: '/api/v1/pools' });
      assert.equal(pools.status, 200);
      defaultPool = pools.body.data.find((p: { isDefault: boolean }) => p.isDefault);
    });
    after(() => api.close());

    const poolCustomer = async (name: string) => {
      const created = await owner.request({ method: 'POST', url: '/api/v1/customers', payload: { name } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return created.body.id as string;
    };
    const setPool = (payload: object) =>
      owner.request({ method: 'PATCH', url: `/api/v1/pools/${defaultPool.id}`, payload });
    const claim = (session: Session, id: string) =>
      session.request({ method: 'POST', url: `/api/v1/customers/${id}/claim` });

    test('a claim makes the rep the owner; to another rep the customer is then gone (404)', async () => {
      const id = await poolCustomer('Claimable');
      const claimed = await claim(repA, id);
      assert.equal(claimed.status, 200);
      assert.equal(claimed.body.ownerId, repA.userId);
      assert.equal(claimed.body.ownedSince, now.toISOString());
      assert.equal((await claim(repB, id)).status, 404);
      assert.equal((await claim(repA, id)).status, 409);
    });

    test('the held limit and the re-claim cool-down answer 409 naming the limit', async () => {
      await setPool({ heldLimit: 2, reclaimCooldownDays: 3 });
      const first = await poolCustomer('Held one');
      const second = await poolCustomer('Held two');
      assert.equal((await claim(repB, first)).status, 200);
      assert.equal((await claim(repB, second)).status, 200);
      later(1);
      const third = await claim(repB, await poolCustomer('Held three'));
      assert.equal(third.status, 409, JSON.stringify(third.body));
      assert.equal(third.body.limit, 'heldLimit');
      const released = await repB.request({
        method: 'POST',
        url: `/api/v1/customers/${first}/release`,
        payload: { reason: 'moved away', churnReason: 'customer' },
      });
      assert.equal(released.status, 200);
      assert.equal(released.body.ownerId, null);
      assert.equal(released.body.poolId, defaultPool.id);
      const again = await claim(repB, first);
      assert.equal(again.status, 409);
      assert.equal(again.body.limit, 'reclaimCooldownDays');
      later(4);
      assert.equal((await claim(repB, first)).status, 200);
      const events = await repB.request({
        method: 'GET',
        url: `/api/v1/customers/${first}/ownership-events`,
      });
      assert.deepEqual(
        events.body.data.map((e: { kind: string }) => e.kind),
        ['claim', 'release', 'claim'],
      );
      assert.equal(events.body.data[1].churnReason, 'customer');
      const reasons = await owner.request({ method: 'GET', url: '/api/v1/analytics/churn-reasons' });
      assert.equal(reasons.status, 200);
      assert.deepEqual(
        reasons.body.data.map((r: { category: string; ownerId: string; customers: number }) => [
          r.category,
          r.ownerId,
          r.customers,
        ]),
        [['customer', repB.userId, 1]],
      );
      const seenByRepA = await repA.request({ method: 'GET', url: '/api/v1/analytics/churn-reasons' });
      assert.deepEqual(seenByRepA.body.data, [], "the customer is rep B's again: outside rep A's scope");
      await setPool({ heldLimit: null, reclaimCooldownDays: 0 });
    });

    test("a pool's customers are listed by its id; a release to another pool moves the customer there", async () => {
      const id = await poolCustomer('Listed by pool');
      const region = await owner.request({
        method: 'POST',
        url: '/api/v1/pools',
        payload: { name: 'Listing region', memberIds: [repA.userId] },
      });
      assert.equal(region.status, 201);
      const again = await owner.request({
        method: 'POST',
        url: '/api/v1/pools',
        payload: { name: 'Listing region' },
      });
      assert.equal(again.status, 409);
      assert.deepEqual(
        again.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
        [['body.name', 'already_used']],
        'the editor shows it beside the name',
      );
      const inPool = async (poolId: string) => {
        const list = await owner.request({
          method: 'GET',
          url: `/api/v1/customers?limit=200&poolId=${poolId}`,
        });
        assert.equal(list.status, 200);
        return (list.body.data as { id: string }[]).map((c) => c.id);
      };
      assert.ok((await inPool(defaultPool.id)).includes(id));
      assert.ok(!(await inPool(region.body.id)).includes(id));
      await claim(repA, id);
      assert.ok(!(await inPool(defaultPool.id)).includes(id), 'an owned customer is in no pool');
      const released = await repA.request({
        method: 'POST',
        url: `/api/v1/customers/${id}/release`,
        payload: { reason: 'other region', poolId: region.body.id },
      });
      assert.equal(released.status, 200);
      assert.deepEqual(await inPool(region.body.id), [id]);
      assert.ok(!(await inPool(defaultPool.id)).includes(id));
    });

    test('a pool naming a member, team or business line the workspace lacks is one 400 naming each field', async () => {
      const stranger = await signUp(api, 'Pool stranger');
      const unknown = '00000000-0000-4000-8000-000000000009';
      const refused = await owner.request({
        method: 'POST',
        url: '/api/v1/pools',
        payload: {
          name: 'Nowhere region',
          memberIds: [repA.userId, stranger.userId],
          memberLimits: [{ teamId: unknown, claimsPerDay: 1 }],
          returnRules: [{ businessLineId: unknown, noFollowUpDays: 3 }],
          warnDays: 1,
          managerWarnDays: 2,
        },
      });
      assert.equal(refused.status, 400);
      assert.deepEqual(
        refused.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
        [
          ['body.memberIds.1', 'not_in_workspace'],
          ['body.memberLimits.0.teamId', 'not_in_workspace'],
          ['body.returnRules.0.businessLineId', 'not_in_workspace'],
          ['body.managerWarnDays', 'too_big'],
        ],
        'a member of another workspace is as unknown as any id; every fault at once',
      );
      const pools = await owner.request({ method: 'GET', url: '/api/v1/pools' });
      assert.ok(!pools.body.data.some((p: { name: string }) => p.name === 'Nowhere region'));
    });

    test('a manager assigns to anyone with a reason, audited as who, from, to and why; a rep may not', async () => {
      const id = await poolCustomer('Assigned');
      const refused = await repA.request({
        method: 'POST',
        url: `/api/v1/customers/${id}/assign`,
        payload: { ownerId: repA.userId, reason: 'mine' },
      });
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      const assigned = await manager.request({
        method: 'POST',
        url: `/api/v1/customers/${id}/assign`,
        payload: { ownerId: repB.userId, reason: 'speaks the language' },
      });
      assert.equal(assigned.status, 200);
      assert.equal(assigned.body.ownerId, repB.userId);
      const audit = await owner.request({
        method: 'GET',
        url: `/api/v1/audit?entity=customer&entityId=${id}`,
      });
      const entry = audit.body.data.find((e: { action: string }) => e.action === 'assign');
      assert.equal(entry.userId, manager.userId);
      assert.deepEqual(entry.before, { ownerId: null });
      assert.equal(entry.after.ownerId, repB.userId);
      assert.equal(entry.after.reason, 'speaks the language');
    });

    test('return rules: A-class gets a longer clock, a warning comes first, then the return; a follow-up restarts the clock', async () => {
      await setPool({
        returnRules: [{ abcClass: 'A', noFollowUpDays: 60 }, { noFollowUpDays: 6 }],
        warnDays: 2,
      });
      const quiet = await poolCustomer('Quiet');
      const followed = await poolCustomer('Followed');
      await claim(repA, quiet);
      await claim(repA, followed);
      const start = now;
      later(3);
      const followUp = await repA.request({
        method: 'POST',
        url: '/api/v1/interactions',
        payload: {
          customerId: followed,
          channel: 'phone',
          direction: 'outbound',
          summary: 'Called',
          occurredAt: now.toISOString(),
        },
      });
      assert.equal(followUp.status, 201, JSON.stringify(followUp.body));
      later(2);
      const left = await repA.request({ method: 'GET', url: `/api/v1/customers/${quiet}/ownership` });
      assert.equal(left.body.daysLeft, 1);
      assert.equal(left.body.returnsAt, new Date(start.getTime() + 6 * DAY).toISOString());
      const kinds = async (id: string) =>
        (
          await owner.request({ method: 'GET', url: `/api/v1/customers/${id}/ownership-events` })
        ).body.data.map((e: { kind: string }) => e.kind);
      assert.ok((await runPoolReturns(api.database.db, owner.workspaceId, now)).warned >= 1);
      assert.deepEqual(await kinds(quiet), ['warning', 'claim']);
      assert.deepEqual(await kinds(followed), ['claim'], 'its follow-up moved its deadline past the warning');
      // A second run the same day (a second server, a retry) changes nothing more.
      assert.deepEqual(await runPoolReturns(api.database.db, owner.workspaceId, now), {
        returned: 0,
        warned: 0,
        escalated: 0,
      });
      later(2);
      assert.ok((await runPoolReturns(api.database.db, owner.workspaceId, now)).returned >= 1);
      assert.deepEqual(await kinds(quiet), ['return', 'warning', 'claim']);
      const back = await owner.request({ method: 'GET', url: `/api/v1/customers/${quiet}/ownership` });
      assert.equal(back.body.ownerId, null);
      const kept = await owner.request({ method: 'GET', url: `/api/v1/customers/${followed}/ownership` });
      assert.equal(kept.body.ownerId, repA.userId);
      assert.equal((await runPoolReturns(api.database.db, owner.workspaceId, now)).returned, 0);
    });

    test('the rule editor previews how many would return in the next days under draft rules', async () => {
      const preview = await owner.request({
        method: 'POST',
        url: `/api/v1/pools/${defaultPool.id}/preview`,
        payload: { days: 7, returnRules: [{ noFollowUpDays: 1 }] },
      });
      assert.equal(preview.status, 200);
      assert.ok(preview.body.returning >= 1);
      const none = await owner.request({
        method: 'POST',
        url: `/api/v1/pools/${defaultPool.id}/preview`,
        payload: { days: 7, returnRules: [{ exempt: true }] },
      });
      assert.deepEqual(none.body, { days: 7, returning: 0 });
      const refused = await repA.request({
        method: 'POST',
        url: `/api/v1/pools/${defaultPool.id}/preview`,
        payload: { days: 7 },
      });
      assert.equal(refused.status, 403);
    });

    test('my day: overdue tasks, follow-ups due, customers returning soon, new assignments', async () => {
      const id = await poolCustomer('Daily');
      await claim(repA, id);
      const yesterday = new Date(now.getTime() - DAY).toISOString().slice(0, 10);
      const task = await repA.request({
        method: 'POST',
        url: '/api/v1/tasks',
        payload: { customerId: id, title: 'Send the offer', dueOn: yesterday, assigneeId: repA.userId },
      });
      assert.equal(task.status, 201, JSON.stringify(task.body));
      await repA.request({
        method: 'POST',
        url: '/api/v1/interactions',
        payload: {
          customerId: id,
          channel: 'visit',
          direction: 'outbound',
          summary: 'Met',
          occurredAt: new Date(now.getTime() - 2 * DAY).toISOString(),
          nextFollowUpOn: yesterday,
        },
      });
      const assigned = await poolCustomer('Handed over');
      await manager.request({
        method: 'POST',
        url: `/api/v1/customers/${assigned}/assign`,
        payload: { ownerId: repA.userId, reason: 'holiday cover' },
      });
      const read = await repA.request({ method: 'GET', url: `/api/v1/customers/${id}` });
      const inTwoDays = new Date(now.getTime() + 2 * DAY).toISOString().slice(0, 10);
      const born = `${Number(inTwoDays.slice(0, 4)) - 40}${inTwoDays.slice(4)}`;
      const birthday = await repA.request({
        method: 'PATCH',
        url: `/api/v1/customers/${id}`,
        payload: { birthday: born },
        headers: { 'if-match': read.headers.etag as string },
      });
      assert.equal(birthday.status, 200, JSON.stringify(birthday.body));
      await inWorkspace(api.database.db, owner.workspaceId, (tx) =>
        tx
          .insertInto('customer_values')
          .values({
            workspace_id: owner.workspaceId,
            customer_id: id,
            as_of: now.toISOString().slice(0, 10),
            computed_at: now,
            purchase_days: 1,
            days_since_last: 300,
            revenue: '500.00',
            r_score: 1,
            f_score: 1,
            m_score: 3,
            rfm_segment: 'hibernating',
            cn_class: 'retain',
            abc_class: 'B',
            churn_risk: 80,
            churn_level: 'critical',
            value_at_risk: '400.00',
            value_at_risk_band: riskBand(400),
          })
          .execute(),
      );
      const day = await repA.request({ method: 'GET', url: '/api/v1/me/day' });
      assert.equal(day.status, 200);
      assert.match(day.body.day, /^\d{4}-\d{2}-\d{2}$/);
      assert.deepEqual(day.body.occasions, [
        { customerId: id, name: 'Daily', kind: 'birthday', on: inTwoDays, years: 40 },
      ]);
      assert.deepEqual(day.body.churnWarnings, [
        { customerId: id, name: 'Daily', churnLevel: 'critical', valueAtRisk: '400.00' },
      ]);
      const mine = day.body.tasks.find((t: { id: string }) => t.id === task.body.id);
      assert.equal(mine.overdue, true);
      const due = day.body.followUps.find((f: { customerId: string }) => f.customerId === id);
      assert.equal(due.overdue, true);
      assert.ok(day.body.newAssignments.some((a: { customerId: string }) => a.customerId === assigned));
      // Daily's clock runs 6 days from the claim (its follow-up was before it) and ends within the week.
      const soon = day.body.returningSoon.find((r: { customerId: string }) => r.customerId === id);
      assert.equal(soon.daysLeft, 6);
      const other = await repB.request({ method: 'GET', url: '/api/v1/me/day' });
      assert.ok(!JSON.stringify(other.body).includes(id), "rep B's day has nothing of rep A's");
    });

    test("a manager's day: each team member's follow-ups, customers held and quiet at-risk customers", async () => {
      const team = await owner.request({
        method: 'POST',
        url: '/api/v1/teams',
        payload: { name: 'Day team' },
      });
      for (const member of [manager, repA])
        await owner.request({
          method: 'PATCH',
          url: `/api/v1/members/${member.userId}`,
          payload: { teamId: team.body.id },
        });
      type Figures = {
        userId: string;
        customersHeld: number;
        followUpsDue: number;
        atRiskNotContacted: number;
      };
      const managersDay = async () => {
        const day = await manager.request({ method: 'GET', url: '/api/v1/me/day' });
        assert.equal(day.status, 200);
        return day.body;
      };
      const figuresOf = (day: { team: { members: Figures[] } }, userId: string) =>
        day.team.members.find((m) => m.userId === userId) as Figures;
      const before = await managersDay();
      const today = before.day as string;
      const owned = async (name: string, ownerId: string) => {
        const created = await owner.request({
          method: 'POST',
          url: '/api/v1/customers?allowDuplicate=true',
          payload: { name, ownerId },
        });
        return created.body.id as string;
      };
      const quiet = await owned('Quiet and at risk', repA.userId);
      const called = await owned('Called and at risk', repA.userId);
      const elsewhere = await owned('At risk outside the team', repB.userId);
      await repA.request({
        method: 'POST',
        url: '/api/v1/interactions',
        payload: {
          customerId: called,
          channel: 'phone',
          direction: 'outbound',
          summary: 'Called',
          occurredAt: new Date(now.getTime() - 2 * DAY).toISOString(),
          nextFollowUpOn: today,
        },
      });
      await inWorkspace(api.database.db, owner.workspaceId, (tx) =>
        tx
          .insertInto('customer_values')
          .values(
            [quiet, called, elsewhere].map((customerId) => ({
              workspace_id: owner.workspaceId,
              customer_id: customerId,
              as_of: today,
              computed_at: now,
              purchase_days: 2,
              days_since_last: 200,
              revenue: '900.00',
              r_score: 1,
              f_score: 2,
              m_score: 4,
              rfm_segment: 'At Risk',
              cn_class: '重要挽留客户',
              abc_class: 'A' as const,
              clv: '1000.00',
              churn_risk: 80,
              churn_level: 'critical',
              value_at_risk: '800.00',
              value_at_risk_band: riskBand(800),
            })),
          )
          .execute(),
      );
      const after = await managersDay();
      assert.deepEqual(
        after.team.members.map((m: Figures) => m.userId).sort(),
        [manager.userId, repA.userId].sort(),
        'only the team: rep B is in none',
      );
      const [was, is] = [figuresOf(before, repA.userId), figuresOf(after, repA.userId)];
      assert.equal(is.customersHeld - was.customersHeld, 2);
      assert.equal(is.followUpsDue - was.followUpsDue, 1);
      assert.equal(
        is.atRiskNotContacted - was.atRiskNotContacted,
        1,
        'the one called two days ago is not quiet',
      );
      const risky = after.team.atRisk.map((r: { customerId: string }) => r.customerId);
      assert.ok(risky.includes(quiet));
      assert.ok(!risky.includes(called) && !risky.includes(elsewhere));
      assert.equal(after.team.totals.followUpsLogged - before.team.totals.followUpsLogged, 1);
      const repsDay = await repA.request({ method: 'GET', url: '/api/v1/me/day' });
      assert.equal(repsDay.body.team, null, "a rep's day has no team");
    });

    test("limits per team or role replace the pool's for the members they name", async () => {
      const team = await owner.request({
        method: 'POST',
        url: '/api/v1/teams',
        payload: { name: 'Limited' },
      });
      await owner.request({
        method: 'PATCH',
        url: `/api/v1/members/${repA.userId}`,
        payload: { teamId: team.body.id },
      });
      const heldByB = await owner.request({
        method: 'GET',
        url: `/api/v1/customers?ownerId=${repB.userId}&count=true&limit=1`,
      });
      const limits = await setPool({
        claimsPerDay: null,
        heldLimit: null,
        reclaimCooldownDays: 0,
        memberLimits: [
          { teamId: team.body.id, claimsPerDay: 1 },
          { role: 'rep', heldLimit: heldByB.body.total },
        ],
      });
      assert.equal(limits.status, 200, JSON.stringify(limits.body));
      assert.equal(limits.body.memberLimits.length, 2);
      // Nobody claimed in the last 24 hours: only the limits set here count.
      later(2);
      const refusedB = await claim(repB, await poolCustomer('Over the rep limit'));
      assert.equal(refusedB.status, 409);
      assert.equal(refusedB.body.limit, 'heldLimit');
      // Rep A's team entry comes first: one claim a day, and the reps' held limit is not theirs.
      assert.equal((await claim(repA, await poolCustomer('Team claim one'))).status, 200);
      const refusedA = await claim(repA, await poolCustomer('Team claim two'));
      assert.equal(refusedA.status, 409);
      assert.equal(refusedA.body.limit, 'claimsPerDay');
      const unknownTeam = await setPool({
        memberLimits: [{ teamId: '00000000-0000-4000-8000-000000000009', claimsPerDay: 1 }],
      });
      assert.equal(unknownTeam.status, 400);
      assert.equal(unknownTeam.body.errors[0].path, 'body.memberLimits.0.teamId');
      const neither = await setPool({ memberLimits: [{ heldLimit: 1 }] });
      assert.equal(neither.status, 400);
      assert.equal((await setPool({ memberLimits: [] })).status, 200);
    });
  });
}
