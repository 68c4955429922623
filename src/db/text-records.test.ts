import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { databaseTargets, openTestDatabase } from '../../test/support.js';
import type { Database } from './database.js';
import { pipelinedChunks, recordLine, textRecords } from './text-records.js';

test('a record line joins its fields with tabs and leaves null fields empty', () => {
  assert.equal(recordLine(['a', 1.5, null, true, undefined, -0.25]), 'a\t1.5\t\ttrue\t\t-0.25');
  assert.throws(() => recordLine(['a\tb']), /field 1 holds a tab/);
  assert.throws(() => recordLine([1, 'two\nlines']), /field 2 holds a tab or a line break/);
});

test('chunks are built while the one before runs, two at most outstanding, results in order', async () => {
  const events: string[] = [];
  let outstanding = 0;
  let most = 0;
  const results = await pipelinedChunks(10, 3, (from, to) => {
    events.push(`build ${from}`);
    outstanding++;
    most = Math.max(most, outstanding);
    return new Promise<number[]>((resolve) =>
      setTimeout(() => {
        events.push(`done ${from}`);
        outstanding--;
        resolve([from, to]);
      }, 5),
    );
  });
  assert.deepEqual(results, [
    [0, 3],
    [3, 6],
    [6, 9],
    [9, 10],
  ]);
  assert.equal(most, 2);
  // Each chunk after the first is built before the one before it is done.
  assert.deepEqual(events.slice(0, 3), ['build 0', 'build 3', 'done 0']);
  assert.deepEqual(await pipelinedChunks(0, 3, async () => 1), []);
});

test('a failing chunk fails the whole, and a later failure is not left unhandled', async () => {
  const failing = pipelinedChunks(9, 3, async (from) => {
    await new Promise((resolve) => setTimeout(resolve, 2));
    throw new Error(`chunk ${from}`);
  });
  await assert.rejects(failing, /chunk 0/);
  // An unhandled rejection would fail this test file.
  await new Promise((resolve) => setTimeout(resolve, 20));
});

for (const target of databaseTargets) {
  describe(`text records on ${target.name}`, () => {
    let database: Database;
    before(async () => {
      database = await openTestDatabase({ url: target.url });
    });
    after(() => database.close());

    test('read back as typed columns, nulls and JSON included', async () => {
      const cause = { type: 'manual', reason: 'line one\nline two\ttabbed', userId: null };
      const doubles = [0.1 + 0.2, 1e-300, -123456.789, 2 ** 53 + 2, Number.MIN_VALUE];
      const lines = [
        recordLine(['3b241101-e2bb-4255-8caf-4136c566a962', 42, '1234567.89', JSON.stringify(cause), true]),
        recordLine([null, null, null, null, false]),
        ...doubles.map((d) => recordLine([null, -7, d, '[]', null])),
      ];
      const { rows } = await sql<{
        id: string | null;
        n: number | null;
        amount: string | null;
        cause: unknown;
        flag: boolean | null;
        x: number | null;
      }>`
        select id, n, amount::text as amount, cause, flag, amount::float8 as x
        from ${textRecords(lines.join('\n'), [
          ['id', 'uuid'],
          ['n', 'int'],
          ['amount', 'numeric'],
          ['cause', 'jsonb'],
          ['flag', 'boolean'],
        ])} as r`.execute(database.db);
      assert.equal(rows.length, lines.length);
      assert.deepEqual(rows[0], {
        id: '3b241101-e2bb-4255-8caf-4136c566a962',
        n: 42,
        amount: '1234567.89',
        cause,
        flag: true,
        x: 1234567.89,
      });
      assert.deepEqual(rows[1], { id: null, n: null, amount: null, cause: null, flag: false, x: null });
      // A double travels as its shortest decimal and reads back as the same double.
      assert.deepEqual(
        rows.slice(2).map((r) => r.x),
        doubles,
      );
    });
  });
}
