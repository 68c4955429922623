import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';
import { violatedConstraint } from '../db/constraint-violation.js';
import { inWorkspace, type Tx } from '../db/tenant.js';

const LINE_KEY = 'transactions_workspace_id_business_line_id_fkey';

// The rule the business lines' foreign key kept, now checked once per statement (migration 0062).
for (const target of databaseTargets) {
  describe(`a transaction's business line on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    let bob: Session;
    let customerId: string;
    let lineId: string;
    let bobsLine: string;
    const inAlice = <T>(fn: (tx: Tx) => Promise<T>) => inWorkspace(api.database.db, alice.workspaceId, fn);
    const refusal = async (write: Promise<unknown>) => {
      const error = await write.then(
        () => assert.fail('the write went through'),
        (e: unknown) => e,
      );
      return violatedConstraint(error);
    };
    const count = () =>
      inAlice(
        async (tx) =>
          (await sql<{ n: number }>`select count(*)::int as n from transactions`.execute(tx)).rows[0].n,
      );
    const sales = (tx: Tx, lines: (string | null)[]) =>
      tx
        .insertInto('transactions')
        .values(
          lines.map((line, i) => ({
            workspace_id: alice.workspaceId,
            customer_id: customerId,
            business_line_id: line,
            occurred_at: new Date(Date.UTC(2026, 0, 1 + i)),
            amount: '10.00',
            currency: 'CNY',
          })),
        )
        .returning('id')
        .execute();
    const newLine = (session: Session, name: string) =>
      inWorkspace(api.database.db, session.workspaceId, (tx) =>
        tx
          .insertInto('business_lines')
          .values({ workspace_id: session.workspaceId, name })
          .returning('id')
          .executeTakeFirstOrThrow(),
      ).then((r) => r.id);

    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api);
      bob = await signUp(api);
      customerId = (
        await inAlice((tx) =>
          tx
            .insertInto('customers')
            .values({ workspace_id: alice.workspaceId, name: 'Buyer' })
            .returning('id')
            .executeTakeFirstOrThrow(),
        )
      ).id;
      lineId = await newLine(alice, 'Tea');
      bobsLine = await newLine(bob, 'Coffee');
    });
    after(() => api.close());

    test("rows with the workspace's line or none are written in one statement", async () => {
      const written = await inAlice((tx) => sales(tx, [null, lineId, null, lineId]));
      assert.equal(written.length, 4);
    });

    test('a line of another workspace, or none at all, refuses the whole statement as the foreign key did', async () => {
      const before = await count();
      for (const line of [bobsLine, '00000000-0000-4000-8000-000000000000'])
        assert.equal(await refusal(inAlice((tx) => sales(tx, [null, lineId, line]))), LINE_KEY);
      assert.equal(await count(), before);
    });

    test('moving a transaction to an unknown line is refused; to a known one or to none it is not', async () => {
      const [{ id }] = await inAlice((tx) => sales(tx, [lineId]));
      const move = (line: string | null) =>
        inAlice((tx) =>
          tx.updateTable('transactions').set({ business_line_id: line }).where('id', '=', id).execute(),
        );
      assert.equal(await refusal(move(bobsLine)), LINE_KEY);
      await move(null);
      await move(lineId);
    });

    test('a line with transactions cannot be deleted; once they are gone it can', async () => {
      const line = await newLine(alice, 'Cakes');
      await inAlice((tx) => sales(tx, [line, line]));
      const remove = () => inAlice((tx) => tx.deleteFrom('business_lines').where('id', '=', line).execute());
      assert.equal(await refusal(remove()), LINE_KEY);
      await inAlice((tx) => tx.deleteFrom('transactions').where('business_line_id', '=', line).execute());
      await remove();
    });

    test('a workspace with lines and their transactions can still be deleted', async () => {
      const carol = await signUp(api);
      const line = await newLine(carol, 'Tea');
      await inWorkspace(api.database.db, carol.workspaceId, async (tx) => {
        const customer = await tx
          .insertInto('customers')
          .values({ workspace_id: carol.workspaceId, name: 'Buyer' })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('transactions')
          .values({
            workspace_id: carol.workspaceId,
            customer_id: customer.id,
            business_line_id: line,
            occurred_at: new Date(),
            amount: '5.00',
            currency: 'CNY',
          })
          .execute();
      });
      await inWorkspace(api.database.db, carol.workspaceId, (tx) =>
        tx.deleteFrom('workspaces').where('id', '=', carol.workspaceId).execute(),
      );
      const left = await inWorkspace(api.database.db, carol.workspaceId, (tx) =>
        tx.selectFrom('business_lines').select('id').execute(),
      );
      assert.deepEqual(left, []);
    });
  });
}
