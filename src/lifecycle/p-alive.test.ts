import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RepeatModel } from '../analytics/repeat-model.js';
import { pAliveAt, pAliveCrossingDay } from './p-alive.js';

// CDNOW parameters in weeks (Fader, Hardie & Lee 2005) rescaled to days: α × 7.
const params = { r: 0.243, alpha: 4.414 * 7, a: 0.793, b: 2.426 };
const bgnbd: RepeatModel = { kind: 'bgnbd', params };
const mbgnbd: RepeatModel = { kind: 'mbgnbd', params };
// Pareto/NBD on CDNOW (Fader & Hardie 2005 note), α and β in days.
const paretoNbd: RepeatModel = {
  kind: 'pareto-nbd',
  params: { r: 0.553, alpha: 10.58 * 7, s: 0.606, beta: 11.67 * 7 },
};

describe('P(alive) for the lifecycle', () => {
  for (const model of [bgnbd, mbgnbd, paretoNbd]) {
    test(`${model.kind}: the crossing day is the first day P(alive) is below the threshold`, () => {
      const [n, first, last] = [4, 0, 60];
      const day = pAliveCrossingDay(model, n, first, last, 0.3);
      assert.ok(day !== null);
      assert.ok(pAliveAt(model, n, first, last, day) < 0.3);
      assert.ok(pAliveAt(model, n, first, last, day - 1) >= 0.3);
    });
  }

  test('a one-time buyer has no crossing under BG/NBD: it drops customers only after a repeat purchase', () => {
    assert.equal(pAliveCrossingDay(bgnbd, 1, 0, 0, 0.3), null);
    assert.equal(pAliveAt(bgnbd, 1, 0, 0, 400), 1);
  });

  test('MBG/NBD lets a one-time buyer lapse: P(alive) falls below the threshold on the crossing day', () => {
    assert.ok(pAliveAt(mbgnbd, 1, 0, 0, 400) < 1);
    const day = pAliveCrossingDay(mbgnbd, 1, 0, 0, 0.3);
    assert.ok(day !== null);
    assert.ok(pAliveAt(mbgnbd, 1, 0, 0, day) < 0.3);
    assert.ok(pAliveAt(mbgnbd, 1, 0, 0, day - 1) >= 0.3);
  });
});
