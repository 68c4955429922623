import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CN_CLASSES, cnClasses, RFM_SEGMENTS, rfmScores, rfmSegment, rfmSegments } from './rfm.js';

test('grid corners: recent and frequent are Champions, long gone and rare are Lost', () => {
  assert.equal(rfmSegment(5, 5), 'Champions');
  assert.equal(rfmSegment(5, 1), 'New');
  assert.equal(rfmSegment(1, 5), "Can't Lose Them");
  assert.equal(rfmSegment(1, 1), 'Lost');
  assert.equal(rfmSegment(3, 3), 'Need Attention');
  assert.equal(rfmSegment(10, 9, 10), 'Champions');
});

test('every one of the 11 segments is reachable from the 5×5 grid', () => {
  const seen = new Set<string>();
  for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) seen.add(rfmSegment(r, f));
  assert.deepEqual([...seen].sort(), [...RFM_SEGMENTS].sort());
});

test('R scores fewer days since the last purchase higher', () => {
  const scores = rfmScores(
    {
      recency: Float64Array.of(1, 100),
      frequency: Float64Array.of(3, 3),
      monetary: Float64Array.of(10, 20),
    },
    2,
  );
  assert.deepEqual(Array.from(scores.r), [2, 1]);
  assert.deepEqual(Array.from(scores.f), [2, 2]);
  assert.deepEqual(Array.from(scores.m), [1, 2]);
  assert.deepEqual(
    Array.from(rfmSegments(scores, 2), (i) => RFM_SEGMENTS[i]),
    ['Champions', "Can't Lose Them"],
  );
});

test('Chinese map: each of R, F, M against its mean, recent counting as better', () => {
  const classes = cnClasses({
    recency: Float64Array.of(1, 1, 100, 100),
    frequency: Float64Array.of(9, 1, 9, 1),
    monetary: Float64Array.of(900, 10, 10, 900),
  });
  assert.deepEqual(
    Array.from(classes, (i) => CN_CLASSES[i]),
    ['重要价值客户', '一般发展客户', '一般保持客户', '重要挽留客户'],
  );
});

test('property: each class bit says whether that column beats its mean', () => {
  const col = fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 6, maxLength: 6 });
  fc.assert(
    fc.property(col, col, col, (r, f, m) => {
      const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const classes = cnClasses({
        recency: Float64Array.from(r),
        frequency: Float64Array.from(f),
        monetary: Float64Array.from(m),
      });
      classes.forEach((c, i) => {
        assert.equal((c & 4) !== 0, r[i] < avg(r));
        assert.equal((c & 2) !== 0, f[i] > avg(f));
        assert.equal((c & 1) !== 0, m[i] > avg(m));
      });
    }),
  );
});
