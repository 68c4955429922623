import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ColumnPages, moveCard } from './board-move';

const column = (...pages: string[][]): ColumnPages<{ id: string }> => ({
  pages: pages.map((ids, i) => ({
    data: ids.map((id) => ({ id })),
    nextCursor: i < pages.length - 1 ? 'x' : null,
  })),
  pageParams: pages.map((_, i) => i),
});
const ids = (c: ColumnPages<{ id: string }> | undefined) => c?.pages.map((p) => p.data.map((d) => d.id));

test('the card leaves its column, whichever page holds it, and heads the other', () => {
  const moved = moveCard(column(['a', 'b'], ['c']), column(['x']), 'c');
  assert.deepEqual(ids(moved.from), [['a', 'b'], []]);
  assert.deepEqual(ids(moved.to), [['c', 'x']]);
});

test('a column not loaded stays unloaded, and the originals are left as they were (for the rollback)', () => {
  const from = column(['a']);
  const moved = moveCard(from, undefined, 'a');
  assert.equal(moved.to, undefined);
  assert.deepEqual(ids(moved.from), [[]]);
  assert.deepEqual(ids(from), [['a']]);
});

test('a card not on the board leaves the target as it was', () => {
  const to = column(['x']);
  assert.equal(moveCard(column(['a']), to, 'zz').to, to);
});
