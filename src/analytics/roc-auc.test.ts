import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { rocAuc } from './roc-auc.js';

test('perfect, reversed and tied rankings', () => {
  assert.equal(rocAuc(Float64Array.of(1, 2, 3, 4), Uint8Array.of(0, 0, 1, 1)), 1);
  assert.equal(rocAuc(Float64Array.of(1, 2, 3, 4), Uint8Array.of(1, 1, 0, 0)), 0);
  assert.equal(rocAuc(Float64Array.of(5, 5, 5, 5), Uint8Array.of(1, 0, 1, 0)), 0.5);
  // Pairs (positive, negative): (3,1) (3,2) win, (0.5,1) (0.5,2) lose → 2 of 4.
  assert.equal(rocAuc(Float64Array.of(1, 2, 3, 0.5), Uint8Array.of(0, 0, 1, 1)), 0.5);
  assert.ok(Number.isNaN(rocAuc(Float64Array.of(1, 2), Uint8Array.of(1, 1))));
});

test('property: equals the pairwise count', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.boolean()), { minLength: 2, maxLength: 40 }),
      (rows) => {
        const scores = Float64Array.from(rows, (r) => r[0]);
        const labels = Uint8Array.from(rows, (r) => (r[1] ? 1 : 0));
        let wins = 0;
        let pairs = 0;
        for (const [sp, lp] of rows) {
          for (const [sn, ln] of rows) {
            if (!lp || ln) continue;
            pairs++;
            wins += sp > sn ? 1 : sp === sn ? 0.5 : 0;
          }
        }
        const auc = rocAuc(scores, labels);
        if (pairs === 0) assert.ok(Number.isNaN(auc));
        else assert.ok(Math.abs(auc - wins / pairs) < 1e-12);
      },
    ),
  );
});
