import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sharedChunks, takeBack, takeFront } from './shared-chunks.js';

test('front and back take every chunk once, in order from each end', () => {
  const chunks = sharedChunks(3, 9);
  const front: number[] = [];
  const back: number[] = [];
  // Alternating, then the front alone: 3 … 8 split between the two ends.
  for (let i = 0; i < 2; i++) {
    front.push(takeFront(chunks));
    back.push(takeBack(chunks));
  }
  for (let c = takeFront(chunks); c >= 0; c = takeFront(chunks)) front.push(c);
  assert.deepEqual(front, [3, 4, 5, 6]);
  assert.deepEqual(back, [8, 7]);
  assert.equal(takeBack(chunks), -1);
  assert.equal(takeFront(sharedChunks(5, 5)), -1);
  assert.throws(() => sharedChunks(0, 70_000), RangeError);
});
