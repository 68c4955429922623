import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';
import { formatDay, parseIsoDay } from '../analytics/civil-days.js';
import { createRandom } from '../analytics/random.js';
import { inWorkspace, type Tx } from '../db/tenant.js';
import { complaintSignals } from '../tickets/churn-signals.js';
import { readChurnSignals, SIGNAL_WINDOW_DAYS } from './churn-signals.js';
import type { WorkspaceModel } from './workspace-model.js';

const AS_OF = '2024-07-01';
const END = parseIsoDay(AS_OF);
/** The churn model's training cutoff at AS_OF: 90 days before it (two years of history). */
const CUTOFF = END - 90;
const at = (day: number, time = '10:00') => `${formatDay(day)}T${time}:00+08:00`;

for (const target of databaseTargets) {
  describe(`churn risk with service signals on ${target.name}`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(target.url);
    });
    after(() => api.close());

    const db =
      (session: Session) =>
      <T>(fn: (tx: Tx) => Promise<T>) =>
        inWorkspace(api.database.db, session.workspaceId, fn);

    async function customer(session: Session, name: string) {
      const res = await session.request({ method: 'POST', url: '/api/v1/customers', payload: { name } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id as string;
    }

    /** A complaint opened on `day`, as if it had been recorded then; open unless `resolvedOn`. */
    async function complaint(session: Session, customerId: string, day: number, resolvedOn?: number) {
      const res = await session.request({
        method: 'POST',
        url: '/api/v1/tickets',
        payload: { customerId, kind: 'complaint', channel: 'phone', subject: 'Late delivery' },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const id = res.body.id as string;
      await db(session)(async (tx) => {
        await sql`update tickets set created_at = ${at(day)} where id = ${id}`.execute(tx);
        await sql`update ticket_events set at = ${at(day)} where ticket_id = ${id}`.execute(tx);
        if (resolvedOn !== undefined) await status(tx, session, id, resolvedOn, 'new', 'resolved');
      });
      return id;
    }

    /** A status change on the ticket's timeline on `day`, and the ticket's status with it. */
    async function status(tx: Tx, session: Session, id: string, day: number, from: string, to: string) {
      await sql`insert into ticket_events (workspace_id, ticket_id, kind, detail, at)
        values (${session.workspaceId}, ${id}, 'status', ${JSON.stringify({ from, to })}, ${at(day, '12:00')})`.execute(
        tx,
      );
      await sql`update tickets set status = ${to},
          resolved_at = case when ${to} in ('resolved', 'closed') then ${at(day, '12:00')}::timestamptz end
        where id = ${id}`.execute(tx);
    }

    /**
     * A workspace with enough purchases for the models: 99 customers at their own pace until their own
     * lifetime ends, and 30 pairs of twins who bought every 20 days from two years back, one of each pair
     * until the end, the other (the complainer) until 100 days before it. Answers the complainers, their
     * twins, and a last pair that bought alike until 10 days before the end.
     */
    async function workspace(name: string) {
      const session = await signUp(api, name);
      const random = createRandom(20240701);
      const transactions: { customerId: string; occurredAt: string; amount: number }[] = [];
      const buy = (customerId: string, from: number, to: number, gap: number, amount: number) => {
        for (let day = from; day <= to; day += gap)
          transactions.push({ customerId, occurredAt: at(day), amount });
      };
      for (let k = 0; k < 99; k++) {
        const id = await customer(session, `Buyer ${k}`);
        const gap = 7 + random.uniform() * 80;
        const spend = 20 + 300 * random.uniform() ** 2;
        const start = END - 730 + Math.floor(random.uniform() * 700);
        const stop = Math.min(END, start + random.exponential(1 / 250));
        for (let day = start; day === start || day <= stop; day += 1 + random.exponential(1 / gap))
          transactions.push({
            customerId: id,
            occurredAt: at(Math.floor(day)),
            amount: Math.round(spend * (0.5 + random.uniform())),
          });
      }
      const complainers: string[] = [];
      const twins: string[] = [];
      for (let k = 0; k < 30; k++) {
        const complainer = await customer(session, `Complainer ${k}`);
        const twin = await customer(session, `Twin ${k}`);
        const first = END - 700 + k;
        buy(complainer, first, END - 100, 20, 100 + k);
        buy(twin, first, END - 100, 20, 100 + k);
        buy(twin, first + 20 * Math.ceil((END - 99 - first) / 20), END, 20, 100 + k);
        complainers.push(complainer);
        twins.push(twin);
      }
      const pair = [await customer(session, 'Unhappy'), await customer(session, 'Content')];
      for (const id of pair) buy(id, END - 690, END - 10, 20, 120);
      const res = await session.request({
        method: 'POST',
        url: '/api/v1/transactions/bulk',
        payload: { transactions },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return { session, complainers, twins, pair };
    }

    const refresh = async (session: Session) => {
      const res = await session.request({
        method: 'POST',
        url: '/api/v1/lifecycle/refresh',
        payload: { asOf: AS_OF },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    };
    const storedModel = (session: Session) =>
      db(session)(async (tx) => {
        const row = await tx.selectFrom('workspace_models').select('model').executeTakeFirstOrThrow();
        return row.model as unknown as WorkspaceModel;
      });
    const value = async (session: Session, id: string) => {
      const res = await session.request({ method: 'GET', url: `/api/v1/customers/${id}/value` });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body as {
        churnRisk: number;
        churnReasons: { code: string; points: number; metrics: Record<string, number> }[];
      };
    };

    test('customers with an open complaint get a higher churn risk than otherwise identical ones, with the reason', async () => {
      const { session, complainers, pair } = await workspace('Complaints');
      // Complaints opened before the training cutoff and never resolved: their customers stopped buying.
      for (const id of complainers) await complaint(session, id, CUTOFF - 20);
      // The unhappy customer's complaint is open at the as-of, the content one's was resolved.
      await complaint(session, pair[0], END - 20);
      await complaint(session, pair[1], END - 20, END - 15);
      await refresh(session);
      const model = await storedModel(session);
      assert.ok(model.churn, 'a churn model');
      const j = model.churn.features.indexOf('open_complaints');
      assert.ok(j >= 0 && model.churn.coefficients[j] > 0, JSON.stringify(model.churn));
      // Nothing varies in the other signals here: they are left out.
      for (const absent of ['recent_interactions', 'sla_breaches', 'satisfaction_drop'] as const)
        assert.ok(!model.churn.features.includes(absent), absent);
      const [unhappy, content] = [await value(session, pair[0]), await value(session, pair[1])];
      assert.ok(unhappy.churnRisk > content.churnRisk, `${unhappy.churnRisk} > ${content.churnRisk}`);
      const reason = unhappy.churnReasons.find((r) => r.code === 'open_complaints');
      assert.ok(reason && reason.points > 0, JSON.stringify(unhappy.churnReasons));
      assert.deepEqual(reason.metrics, { openComplaints: 1 });
      assert.ok(!content.churnReasons.some((r) => r.code === 'open_complaints' && r.points > 0));
    });

    test('service data after the training cutoff does not reach the churn model', async () => {
      const { session, complainers } = await workspace('No leakage');
      await refresh(session);
      const without = await storedModel(session);
      assert.ok(without.churn && !without.churn.features.includes('open_complaints'));
      // Without service data no signal is read at all, unless scoring asks for zeros.
      const none = await db(session)(async (tx) => [
        await readChurnSignals(tx, 'Asia/Shanghai', [END], complainers),
        await readChurnSignals(tx, 'Asia/Shanghai', [END], complainers, { everySignal: true }),
      ]);
      assert.deepEqual(none[0].get(END), {});
      assert.deepEqual(Object.keys(none[1].get(END)!).sort(), [
        'interactions',
        'openComplaints',
        'satisfactionDrop',
        'slaBreaches',
      ]);
      // Complaints, breaches, follow-ups and a fallen satisfaction, all known only after the cutoff.
      const tickets: string[] = [];
      for (const id of complainers) tickets.push(await complaint(session, id, CUTOFF + 5));
      await db(session)(async (tx) => {
        for (const id of tickets)
          await sql`insert into ticket_events (workspace_id, ticket_id, kind, detail, at)
            values (${session.workspaceId}, ${id}, 'sla_breach', '{"timer":"resolution"}', ${at(CUTOFF + 6)})`.execute(
            tx,
          );
        for (const [k, id] of complainers.entries()) {
          await sql`insert into interactions (workspace_id, customer_id, channel, direction, summary, occurred_at)
            values (${session.workspaceId}, ${id}, 'phone', 'outbound', 'Called about the delay', ${at(CUTOFF + 1 + k)})`.execute(
            tx,
          );
          for (const [day, csat] of [
            [CUTOFF + 2, 5],
            [CUTOFF + 8, 2],
          ])
            await sql`insert into surveys (workspace_id, token_hash, kind, customer_id, expires_at, answered_at, csat)
              values (${session.workspaceId}, decode(md5(${`${id}:${day}`}), 'hex'), 'ticket', ${id}, ${at(END + 30)},
                ${at(day)}, ${csat})`.execute(tx);
        }
      });
      // What the scoring at the as-of sees: every signal is there.
      const signals = await db(session)((tx) =>
        readChurnSignals(tx, 'Asia/Shanghai', [CUTOFF, END], complainers),
      );
      const atEnd = signals.get(END)!;
      assert.deepEqual(
        [atEnd.openComplaints![0], atEnd.slaBreaches![0], atEnd.interactions![0], atEnd.satisfactionDrop![0]],
        [1, 1, 1, 0.6],
      );
      const atCutoff = signals.get(CUTOFF)!;
      for (const values of Object.values(atCutoff)) assert.ok(values.every((v: number) => v === 0));
      // Refitted on the same purchases, the churn model and its check are the ones without the data.
      await db(session)((tx) => sql`delete from workspace_models`.execute(tx));
      await refresh(session);
      const refitted = await storedModel(session);
      assert.deepEqual([refitted.churn, refitted.churnCheck], [without.churn, without.churnCheck]);
      // The same complaints opened before the cutoff do reach it.
      await db(session)(async (tx) => {
        for (const id of tickets) {
          await sql`update tickets set created_at = ${at(CUTOFF - 20)} where id = ${id}`.execute(tx);
          await sql`update ticket_events set at = ${at(CUTOFF - 20)} where ticket_id = ${id} and kind = 'created'`.execute(
            tx,
          );
        }
        await sql`delete from workspace_models`.execute(tx);
      });
      await refresh(session);
      assert.ok((await storedModel(session)).churn?.features.includes('open_complaints'));
    });

    test("a complaint's state on a day is its timeline's, not its status now", async () => {
      const session = await signUp(api, 'Timeline');
      const id = await customer(session, 'Wang');
      const day = END - 50;
      const ticket = await complaint(session, id, day);
      await db(session)(async (tx) => {
        await status(tx, session, ticket, day + 10, 'new', 'resolved');
        await status(tx, session, ticket, day + 20, 'resolved', 'in_progress');
        await status(tx, session, ticket, day + 30, 'in_progress', 'closed');
        await sql`insert into ticket_events (workspace_id, ticket_id, kind, detail, at)
          values (${session.workspaceId}, ${ticket}, 'sla_breach', '{}', ${at(day + 5)})`.execute(tx);
      });
      const days = [day - 1, day, day + 9, day + 10, day + 20, day + 30, day + 5 + SIGNAL_WINDOW_DAYS];
      const rows = await db(session)((tx) => complaintSignals(tx, 'Asia/Shanghai', days, SIGNAL_WINDOW_DAYS));
      const on = (d: number) => {
        const row = rows.find((r) => r.day === d && r.customerId === id);
        return [row?.openComplaints ?? 0, row?.slaBreaches ?? 0];
      };
      assert.deepEqual(days.map(on), [
        [0, 0], // not opened yet
        [1, 0],
        [1, 1], // the breach of day + 5
        [0, 1], // resolved
        [1, 1], // reopened
        [0, 1], // closed
        [0, 0], // the breach is older than the window
      ]);
    });
  });
}
