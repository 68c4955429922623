import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { databaseTargets, openTestDatabase, uniqueEmail } from '../../test/support.js';
import { parseIsoDay } from '../analytics/civil-days.js';
import type { Database } from '../db/database.js';
import { inWorkspace, type Tx } from '../db/tenant.js';
import { PRESET_KEYS, PRESETS } from '../lifecycle/presets.js';
import { refreshLifecycle } from '../lifecycle/refresh.js';
import { chooseLifecycleModel } from '../lifecycle/settings.js';
import { createUser } from '../users/service.js';
import { createDemoWorkspace } from './load.js';

const TODAY = '2026-11-25';
// Each stage holds at least this share of the 2,400 customers: a group a chart shows, not a sliver.
const MIN_SHARE = 0.01;

async function stageCounts(tx: Tx): Promise<Record<string, number>> {
  const { rows } = await sql<{ stage: string; n: number }>`
    select stage, count(*)::int as n from customer_lifecycle where business_line_id is null
    group by stage`.execute(tx);
  return Object.fromEntries(rows.map((r) => [r.stage, r.n]));
}

for (const target of databaseTargets) {
  describe(`the demo's stages on ${target.name}`, () => {
    let database: Database;
    let workspaceId: string;
    let createdMs: number;
    before(async () => {
      database = await openTestDatabase({ url: target.url });
      const owner = await createUser(database.db, {
        email: uniqueEmail('stages'),
        password: 'correct horse battery',
      });
      const started = performance.now();
      ({ workspaceId } = await createDemoWorkspace(database.db, {
        ownerUserId: owner.id,
        today: TODAY,
        seed: 3,
      }));
      createdMs = performance.now() - started;
    });
    after(() => database.close());

    test('created placed: two years of stage changes and every customer with a purchase valued', async (t) => {
      t.diagnostic(`demo created and placed in ${Math.round(createdMs)} ms on ${target.name}`);
      const facts = await inWorkspace(database.db, workspaceId, async (tx) => {
        const { rows } = await sql<{
          first: string;
          quarters: number;
          placed: number;
          valued: number;
          buyers: number;
        }>`
          select (select min(at)::text from lifecycle_history) as first,
            (select count(distinct date_trunc('quarter', at))::int from lifecycle_history
              where from_stage is not null) as quarters,
            (select count(*)::int from customer_lifecycle where business_line_id is null) as placed,
            (select count(*)::int from customer_values) as valued,
            (select count(*)::int from customer_stats where purchase_count > 0) as buyers`.execute(tx);
        return rows[0];
      });
      assert.equal(facts.placed, 2400);
      assert.equal(facts.valued, facts.buyers);
      assert.ok(parseIsoDay(TODAY) - parseIsoDay(facts.first) >= 730, `history from ${facts.first}`);
      // Changes between stages (not first placements) in every quarter of the two years and more.
      assert.ok(facts.quarters >= 8, `${facts.quarters} quarters with stage changes`);
    });

    test('customers in every stage of every preset, formation and its likes included', async () => {
      for (const preset of PRESET_KEYS) {
        const counts = await inWorkspace(database.db, workspaceId, async (tx) => {
          if (preset !== 'relationship') {
            await chooseLifecycleModel(tx, workspaceId, preset);
            await refreshLifecycle(tx, workspaceId, TODAY);
          }
          return stageCounts(tx);
        });
        for (const stage of PRESETS[preset].stages) {
          const n = counts[stage.key] ?? 0;
          assert.ok(
            n >= MIN_SHARE * 2400,
            `${preset}: ${n} customers in ${stage.key} (${JSON.stringify(counts)})`,
          );
        }
      }
    });
  });
}
