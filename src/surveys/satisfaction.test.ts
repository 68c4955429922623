import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { customerSatisfaction, netPromoterScore, satisfaction, satisfactionDrop } from './satisfaction.js';

describe('satisfaction', () => {
  test('C = b / a per dimension, and the overall figure is their mean', () => {
    const c = satisfaction([
      { code: 'delivery', expectation: 6, perception: 3 },
      { code: 'service', expectation: 4, perception: 5 },
    ]);
    assert.deepEqual(c.byDimension, { delivery: 0.5, service: 1.25 });
    assert.equal(c.overall, 0.875);
  });

  test('no ratings, no figure', () => {
    assert.deepEqual(satisfaction([]), { byDimension: {}, overall: null });
  });
});

describe('netPromoterScore', () => {
  test('promoters 9–10 minus detractors 0–6, in points', () => {
    // 3 promoters, 2 passives (7, 8), 5 detractors: (3 − 5) / 10 = −20.
    assert.deepEqual(netPromoterScore([10, 9, 9, 8, 7, 6, 5, 0, 3, 6]), {
      responses: 10,
      promoters: 3,
      passives: 2,
      detractors: 5,
      nps: -20,
    });
    assert.equal(netPromoterScore([10, 10]).nps, 100);
    assert.equal(netPromoterScore([]).nps, null);
  });
});

describe('customerSatisfaction', () => {
  test('the mean and the share answering 4 or 5', () => {
    assert.deepEqual(customerSatisfaction([5, 4, 3, 1]), {
      responses: 4,
      average: 3.25,
      satisfiedPercent: 50,
    });
    assert.deepEqual(customerSatisfaction([]), { responses: 0, average: null, satisfiedPercent: null });
  });
});

describe('satisfactionDrop', () => {
  const csat = (day: number, score: number) => ({ day, kind: 'ticket' as const, score });
  const c = (day: number, score: number) => ({ day, kind: 'relationship' as const, score });

  test('the latest answer against the one before it of the same kind, as a share of the earlier one', () => {
    assert.equal(satisfactionDrop([csat(1, 5), csat(9, 3)], 10, 180), 0.4);
    // The larger of the two kinds; a CSAT is never compared with a C.
    assert.equal(satisfactionDrop([csat(1, 4), c(2, 1.2), csat(5, 4), c(8, 0.6)], 10, 180), 0.5);
  });

  test('no drop when it held or rose, or with a single answer', () => {
    assert.equal(satisfactionDrop([csat(1, 3), csat(9, 5)], 10, 180), 0);
    assert.equal(satisfactionDrop([csat(9, 1)], 10, 180), 0);
    assert.equal(satisfactionDrop([], 10, 180), 0);
  });

  test('answers after the day are not known yet; a drop older than the window no longer counts', () => {
    assert.equal(satisfactionDrop([csat(1, 5), csat(20, 2)], 10, 180), 0);
    assert.equal(satisfactionDrop([csat(1, 5), csat(20, 2), csat(30, 5)], 25, 180), 0.6);
    assert.equal(satisfactionDrop([csat(1, 5), csat(20, 2)], 200, 180), 0);
    assert.equal(satisfactionDrop([csat(1, 5), csat(20, 2)], 199, 180), 0.6);
  });
});
