import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { databaseTargets, openTestDatabase } from '../../test/support.js';
import type { Database } from './database.js';
import { inlineParameters, literal } from './sql-literal.js';

test('values become literals of the same meaning', () => {
  assert.equal(literal(null), 'NULL');
  assert.equal(literal(42.5), '42.5');
  assert.equal(literal(10n), '10');
  assert.equal(literal(true), 'TRUE');
  assert.equal(literal("O'Brien"), "'O''Brien'");
  assert.equal(literal('back\\slash'), String.raw` E'back\\slash'`);
  assert.equal(literal(new Date('2026-01-02T03:04:05Z')), "'2026-01-02T03:04:05.000Z'");
  assert.equal(literal(['a', 'b"c']), String.raw` E'{"a","b\\"c"}'`);
  assert.throws(() => literal(Number.NaN));
});

test('placeholders are replaced by position, $10 after $1', () => {
  const params = Array.from({ length: 10 }, (_, i) => i + 1);
  assert.equal(inlineParameters('select $1, $10', params), 'select 1, 10');
});

for (const target of databaseTargets) {
  describe(`inlined literals on ${target.name}`, () => {
    let database: Database;
    before(async () => {
      database = await openTestDatabase({ url: target.url });
    });
    after(() => database.close());

    test('any string and string array round-trips through the database unchanged', async () => {
      await fc.assert(
        fc.asyncProperty(fc.string(), fc.array(fc.string(), { maxLength: 4 }), async (text, list) => {
          const clean = text.replaceAll('\0', '');
          const items = list.map((s) => s.replaceAll('\0', ''));
          const query = inlineParameters('select $1::text as t, $2::text[] as a', [clean, items]);
          const { rows } = await sql<{ t: string; a: string[] }>`${sql.raw(query)}`.execute(database.db);
          assert.equal(rows[0].t, clean);
          assert.deepEqual(rows[0].a, items);
        }),
        { numRuns: 200 },
      );
    });
  });
}
