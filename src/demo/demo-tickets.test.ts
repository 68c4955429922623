import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { databaseTargets, uniqueEmail } from '../../test/support.js';
import { type Database, openDatabase } from '../db/database.js';
import { inWorkspace } from '../db/tenant.js';
import { sweepSlas } from '../tickets/sla-watch.js';
import { createUser } from '../users/service.js';
import { createDemoWorkspace } from './load.js';

const TODAY = '2026-11-25';

for (const target of databaseTargets) {
  describe(`demo tickets on ${target.name}`, () => {
    let database: Database;
    before(async () => {
      database = await openDatabase({ url: target.url });
    });
    after(() => database.close());

    test('the demo desk has settled, surveyed, open, waiting, unassigned and overdue tickets, all in the past', async () => {
      const owner = await createUser(database.db, {
        email: uniqueEmail('demo-desk'),
        password: 'correct horse battery',
      });
      const demo = await createDemoWorkspace(database.db, {
        ownerUserId: owner.id,
        today: TODAY,
        seed: 5,
        customers: 80,
      });
      assert.equal(demo.counts.tickets, 33);
      const facts = await inWorkspace(database.db, demo.workspaceId, async (tx) => {
        const { rows } = await sql<{ status: string; n: number }>`
          select status, count(*)::int as n from tickets group by status order by status`.execute(tx);
        const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(tx)).rows[0]!;
        return {
          statuses: Object.fromEntries(rows.map((r) => [r.status, r.n])),
          kinds: await one(sql<{ n: number }>`select count(distinct kind)::int as n from tickets`),
          unassigned: await one(
            sql<{ n: number }>`select count(*)::int as n from tickets where assignee_id is null`,
          ),
          answered: await one(
            sql<{ n: number; low: number }>`select count(*)::int as n, min(csat)::int as low from surveys
              where answered_at is not null`,
          ),
          numbers: await one(
            sql<{ lo: number; hi: number }>`select min(number) as lo, max(number) as hi from tickets`,
          ),
          future: await one(
            sql<{ n: number }>`select count(*)::int as n from ticket_events where at > now()`,
          ),
          owed: await one(
            sql<{ n: number }>`select count(*)::int as n from tickets where reply_owed_since is not null`,
          ),
          repeat: await one(sql<{ n: number }>`select count(*)::int as n from (
            select customer_id from tickets group by customer_id having count(*) > 1) r`),
        };
      });
      assert.deepEqual(facts.numbers, { lo: 1, hi: 33 });
      for (const status of ['new', 'in_progress', 'waiting', 'resolved', 'closed'])
        assert.ok(facts.statuses[status] > 0, `some ${status}: ${JSON.stringify(facts.statuses)}`);
      assert.ok(facts.kinds.n >= 3);
      assert.ok(facts.unassigned.n > 0);
      assert.equal(facts.answered.n, facts.statuses.resolved);
      assert.equal(facts.future.n, 0);
      assert.ok(facts.owed.n > 0);
      assert.ok(facts.repeat.n > 0);
      // The sweep finds overdue tickets among them.
      const mails = await sweepSlas(database.db, new Date(), 'https://crm.example.com');
      assert.ok(mails.length > 0);
      const breached = await inWorkspace(database.db, demo.workspaceId, (tx) =>
        sql<{ n: number }>`select count(*)::int as n from tickets
          where 'first_response:breached' = any(sla_alerts)`.execute(tx),
      );
      assert.ok(breached.rows[0]!.n > 0);
    });
  });
}
