import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CHURN_LEVELS, churnReasons, churnRisk } from './churn.js';

const f64 = (...xs: number[]) => Float64Array.from(xs);

test('on rhythm, alive and steady scores 0; gone three intervals, dead and spend halved scores high', () => {
  const input = {
    daysSinceLast: f64(10, 90),
    medianInterval: f64(30, 30),
    pAlive: f64(1, 0.2),
    pNoPurchase: f64(0, 0.9),
    recentSpend: f64(100, 50),
    previousSpend: f64(100, 100),
  };
  const result = churnRisk(input);
  assert.equal(result.risk[0], 0);
  // 0.6 · 0.9 + 0.05 · (1 − 0.2) + 0.2 · 1 + 0.15 · 0.5 = 0.855 of the weight.
  assert.ok(Math.abs(result.risk[1] - 85.5) < 1e-9);
  assert.deepEqual(
    Array.from(result.level, (l) => CHURN_LEVELS[l]),
    ['low', 'critical'],
  );
  const reasons = churnReasons(input, result, 1);
  assert.deepEqual(
    reasons.map((r) => [r.code, r.points]),
    [
      ['no_purchase_expected', 54],
      ['overdue', 20],
      ['falling_spend', 7.5],
    ],
  );
  assert.deepEqual(reasons[1].metrics, { daysSinceLast: 90, medianInterval: 30, ratio: 3 });
});

test('reasons state probabilities and ratios to four decimals and spend to the cent', () => {
  const input = {
    daysSinceLast: f64(100),
    medianInterval: f64(30),
    pAlive: f64(0.123456789),
    pNoPurchase: f64(0.987654321),
    recentSpend: f64(10.004999),
    previousSpend: f64(200.126),
  };
  const reasons = churnReasons(input, churnRisk(input), 0);
  const metrics = Object.fromEntries(reasons.map((r) => [r.code, r.metrics]));
  assert.deepEqual(metrics.no_purchase_expected, { pNoPurchase: 0.9877 });
  assert.deepEqual(metrics.overdue, { daysSinceLast: 100, medianInterval: 30, ratio: 3.3333 });
  assert.deepEqual(metrics.falling_spend, { recentSpend: 10, previousSpend: 200.13 });
});

test('without a model the other signals share the whole scale', () => {
  const result = churnRisk({ daysSinceLast: f64(60), medianInterval: f64(30) });
  assert.equal(result.risk[0], 50);
  assert.equal(result.points.low_p_alive, undefined);
});

test('one-purchase customers are measured against the population rhythm', () => {
  const result = churnRisk({ daysSinceLast: f64(40, 0, 0), medianInterval: f64(Number.NaN, 10, 30) });
  assert.equal(result.populationInterval, 20);
  assert.equal(result.risk[0], 50);
});

test('open complaints add a reason of their own', () => {
  const input = { daysSinceLast: f64(0), medianInterval: f64(30), openComplaints: f64(2) };
  const reasons = churnReasons(input, churnRisk(input), 0);
  assert.equal(reasons[0].code, 'open_complaints');
});

test('property: risk stays within 0–100 and never falls as P(alive) falls', () => {
  const unit = fc.double({ min: 0, max: 1, noNaN: true });
  const days = fc.double({ min: 0, max: 1000, noNaN: true });
  fc.assert(
    fc.property(days, days, unit, unit, (since, interval, p1, p2) => {
      const r = churnRisk({
        daysSinceLast: f64(since, since),
        medianInterval: f64(interval, interval),
        pAlive: f64(Math.max(p1, p2), Math.min(p1, p2)),
      }).risk;
      assert.ok(r[0] >= 0 && r[1] <= 100 + 1e-9 && r[1] >= r[0]);
    }),
  );
});

test('property: the population rhythm is the median of the positive own intervals', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.integer({ min: -3, max: 60 }), fc.constant(Number.NaN)), { maxLength: 60 }),
      (xs) => {
        const positive = xs.filter((x) => x > 0).sort((a, b) => a - b);
        const n = positive.length;
        const expected =
          n === 0 ? Number.NaN : n % 2 ? positive[n >> 1] : (positive[n / 2 - 1] + positive[n / 2]) / 2;
        const result = churnRisk({
          daysSinceLast: new Float64Array(xs.length),
          medianInterval: Float64Array.from(xs),
        });
        assert.ok(Object.is(result.populationInterval, expected) || result.populationInterval === expected);
      },
    ),
  );
});
