import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { databaseTargets, openTestDatabase, uniqueEmail } from '../../test/support.js';
import type { Database } from '../db/database.js';
import { inWorkspace, type Tx } from '../db/tenant.js';
import { stagePhases } from '../lifecycle/phases.js';
import { choiceOf, effectiveModel, loadSettings } from '../lifecycle/settings.js';
import { riskBand } from '../value/value-rows.js';
import { createWorkspace } from '../workspaces/service.js';
import { warnOfChurnRises, warnOfDeclines } from './churn-warnings.js';

for (const target of databaseTargets) {
  describe(`churn warnings in the inbox on ${target.name}`, () => {
    let database: Database;
    let workspaceId: string;
    let ownerId: string;
    const ids: Record<'owned' | 'steady' | 'pooled', string> = { owned: '', steady: '', pooled: '' };

    before(async () => {
      database = await openTestDatabase({ url: target.url });
      const user = await database.db
        .insertInto('users')
        .values({ email: uniqueEmail('churn-inbox'), password_hash: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow();
      ownerId = user.id;
      workspaceId = (await createWorkspace(database.db, user.id, { name: 'Churn', timezone: 'UTC' })).id;
      await inWorkspace(database.db, workspaceId, async (tx) => {
        for (const name of ['owned', 'steady', 'pooled'] as const) {
          const row = await tx
            .insertInto('customers')
            .values({
              workspace_id: workspaceId,
              name,
              owner_id: name === 'pooled' ? null : user.id,
              owned_since: name === 'pooled' ? null : new Date(),
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          ids[name] = row.id;
        }
      });
    });
    after(() => database.close());

    /** A refresh's write of the customers' churn levels, in the transaction that then warns. */
    const writeLevels = (tx: Tx, levels: Partial<Record<keyof typeof ids, string>>) =>
      Promise.all(
        Object.entries(levels).map(([name, level]) =>
          tx
            .insertInto('customer_values')
            .values({
              workspace_id: workspaceId,
              customer_id: ids[name as keyof typeof ids],
              as_of: '2024-01-01',
              computed_at: sql<Date>`now()`,
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
              churn_level: level,
              value_at_risk: '400.00',
              value_at_risk_band: riskBand(400),
            })
            .onConflict((oc) =>
              oc
                .columns(['workspace_id', 'customer_id'])
                .doUpdateSet({ churn_level: level, computed_at: sql<Date>`now()` }),
            )
            .execute(),
        ),
      );

    const refresh = (levels: Partial<Record<keyof typeof ids, string>>) =>
      inWorkspace(database.db, workspaceId, async (tx) => {
        await writeLevels(tx, levels);
        return warnOfChurnRises(tx, workspaceId);
      });

    const messages = () =>
      inWorkspace(database.db, workspaceId, (tx) =>
        tx
          .selectFrom('notifications')
          .select(['user_id', 'customer_id', 'params'])
          .where('kind', '=', 'churn-warning')
          .orderBy('created_at')
          .orderBy('id')
          .execute(),
      );

    test('an owned customer rising into high is told to its owner; medium and pool customers are not', async () => {
      assert.equal(await refresh({ owned: 'high', steady: 'medium', pooled: 'critical' }), 1);
      assert.deepEqual(await messages(), [
        { user_id: ownerId, customer_id: ids.owned, params: { level: 'high', previousLevel: null } },
      ]);
    });

    test('a rise from high to critical is told again; staying critical, or a refresh not rewriting it, is not', async () => {
      assert.equal(await refresh({ owned: 'critical', steady: 'medium' }), 1);
      assert.equal(await refresh({ owned: 'critical' }), 0);
      assert.equal(
        await inWorkspace(database.db, workspaceId, (tx) => warnOfChurnRises(tx, workspaceId)),
        0,
        'rows written by an earlier transaction are not looked at',
      );
      assert.deepEqual((await messages()).at(-1)?.params, { level: 'critical', previousLevel: 'high' });
    });

    test('falling to medium and rising again into high is a new warning', async () => {
      assert.equal(await refresh({ owned: 'medium' }), 0);
      assert.equal(await refresh({ owned: 'high' }), 1);
      assert.deepEqual((await messages()).at(-1)?.params, { level: 'high', previousLevel: 'medium' });
      assert.equal((await messages()).length, 3);
    });

    test("with the refresh's scored customers named, only their rows are looked at", async () => {
      const told = await inWorkspace(database.db, workspaceId, async (tx) => {
        await writeLevels(tx, { steady: 'critical', owned: 'critical' });
        return [
          await warnOfChurnRises(tx, workspaceId, []),
          await warnOfChurnRises(tx, workspaceId, [ids.steady]),
        ];
      });
      assert.deepEqual(told, [0, 1]);
      assert.deepEqual((await messages()).at(-1), {
        user_id: ownerId,
        customer_id: ids.steady,
        params: { level: 'critical', previousLevel: null },
      });
      assert.equal(await refresh({ owned: 'critical' }), 1, "the unnamed row's rise is still news");
      assert.deepEqual((await messages()).at(-1)?.params, { level: 'critical', previousLevel: 'high' });
    });

    test("entering a stage of the decline phase, as a whole, is told to the customer's owner", async () => {
      const before = (await messages()).length;
      const declined = await inWorkspace(database.db, workspaceId, async (tx) => {
        const phases = stagePhases(effectiveModel(choiceOf(await loadSettings(tx, workspaceId))));
        const decline = [...phases].find(([, phase]) => phase === 'decline')?.[0];
        const other = [...phases].find(([, phase]) => phase !== 'decline')?.[0];
        assert.ok(decline && other);
        const entry = { historyId: '1', at: '2024-01-01', businessLineId: null, stage: decline };
        await warnOfDeclines(tx, workspaceId, [
          { ...entry, customerId: ids.steady },
          { ...entry, customerId: ids.pooled },
          { ...entry, customerId: ids.owned, businessLineId: ids.owned, historyId: '2' },
          { ...entry, customerId: ids.owned, stage: other, historyId: '3' },
        ]);
        return decline;
      });
      const told = await messages();
      assert.equal(told.length, before + 1, 'one line of business, another stage, a pool customer: not told');
      assert.deepEqual(told.at(-1), {
        user_id: ownerId,
        customer_id: ids.steady,
        params: { stage: declined },
      });
    });
  });
}
