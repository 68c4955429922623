import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../src/db/database.js';
import { inWorkspace, queryInWorkspace } from '../src/db/tenant.js';
import { createUser } from '../src/users/service.js';
import { createWorkspace } from '../src/workspaces/service.js';
import { databaseTargets, openTestDatabase, uniqueEmail } from './support.js';

for (const target of databaseTargets) {
  describe(`row-level security on ${target.name}`, () => {
    let database: Database;
    let a: string;
    let b: string;
    before(async () => {
      database = await openTestDatabase({ url: target.url });
      const user = await createUser(database.db, {
        email: uniqueEmail('rls'),
        password: 'long enough password',
      });
      a = (await createWorkspace(database.db, user.id, { name: 'A' })).id;
      b = (await createWorkspace(database.db, user.id, { name: 'B' })).id;
      for (const [ws, names] of [
        [a, ['a1', 'a2']],
        [b, ['b1']],
      ] as const) {
        await inWorkspace(database.db, ws, (tx) =>
          tx
            .insertInto('customers')
            .values(names.map((name) => ({ workspace_id: ws, name })))
            .execute(),
        );
      }
    });
    after(() => database.close());

    test('queries run as the unprivileged application role', async () => {
      const { rows } = await sql<{ user: string; bypass: boolean; superuser: boolean }>`
        select current_user as user, r.rolbypassrls as bypass, r.rolsuper as superuser
        from pg_roles r where r.rolname = current_user`.execute(database.db);
      assert.deepEqual(rows, [{ user: 'clm_app', bypass: false, superuser: false }]);
    });

    // PGlite has the setting but nothing to compile with.
    test('connections do not JIT-compile statements', { skip: target.name === 'pglite' }, async () => {
      const { rows } = await sql<{ jit: string }>`select current_setting('jit') as jit`.execute(database.db);
      assert.equal(rows[0].jit, 'off');
    });

    test('a query with no workspace filter sees only the current workspace', async () => {
      const names = await inWorkspace(database.db, a, (tx) =>
        tx.selectFrom('customers').select('name').orderBy('name').execute(),
      );
      assert.deepEqual(
        names.map((r) => r.name),
        ['a1', 'a2'],
      );
      const other = await inWorkspace(database.db, b, (tx) =>
        tx.selectFrom('customers').select('name').execute(),
      );
      assert.deepEqual(
        other.map((r) => r.name),
        ['b1'],
      );
    });

    test('outside a workspace transaction no tenant row is visible', async () => {
      const rows = await database.db.selectFrom('customers').select('name').execute();
      assert.deepEqual(rows, []);
    });

    test('the setting does not outlive its transaction', async () => {
      await inWorkspace(database.db, a, async () => undefined);
      const rows = await database.db.selectFrom('customers').select('name').execute();
      assert.deepEqual(rows, []);
    });

    test('writing a row into another workspace is refused by the policy', async () => {
      await assert.rejects(
        inWorkspace(database.db, a, (tx) =>
          tx.insertInto('customers').values({ workspace_id: b, name: 'smuggled' }).execute(),
        ),
        /row-level security/,
      );
    });

    test('updates and deletes without a filter touch only the current workspace', async () => {
      await inWorkspace(database.db, a, (tx) =>
        tx.updateTable('customers').set({ region: 'touched' }).execute(),
      );
      const bRows = await inWorkspace(database.db, b, (tx) =>
        tx.selectFrom('customers').select('region').execute(),
      );
      assert.deepEqual(bRows, [{ region: null }]);
    });

    test('an error inside a workspace transaction rolls back what it wrote', async () => {
      await assert.rejects(
        inWorkspace(database.db, a, async (tx) => {
          await tx.insertInto('customers').values({ workspace_id: a, name: 'half-done' }).execute();
          throw new Error('boom');
        }),
        /boom/,
      );
      const rows = await inWorkspace(database.db, a, (tx) =>
        tx.selectFrom('customers').select('name').where('name', '=', 'half-done').execute(),
      );
      assert.deepEqual(rows, []);
    });

    test('a single-query read sees only its workspace, and a failing one leaves its connection usable', async () => {
      const names = await queryInWorkspace(
        database.db,
        b,
        database.db.selectFrom('customers').select('name').where('name', 'like', '%1'),
      );
      assert.deepEqual(names, [{ name: 'b1' }]);
      for (let i = 0; i < 20; i++) {
        await assert.rejects(
          queryInWorkspace(
            database.db,
            a,
            database.db.selectFrom('customers').select('name').where('id', '=', 'not-a-uuid'),
          ),
        );
      }
      for (let i = 0; i < 20; i++) {
        const rows = await queryInWorkspace(
          database.db,
          a,
          database.db.selectFrom('customers').select('name'),
        );
        assert.equal(rows.length, 2);
      }
    });

    test('the application role cannot switch row security off', async () => {
      await assert.rejects(
        inWorkspace(database.db, randomUUID(), async (tx) => {
          await sql`set local row_security = off`.execute(tx);
          await tx.selectFrom('customers').select('name').execute();
        }),
        /row-level security/,
      );
    });
  });
}
