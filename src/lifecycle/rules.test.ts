import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseIsoDay } from '../analytics/civil-days.js';
import type { AppError } from '../errors.js';
import { PRESETS } from './presets.js';
import { type Purchase, purchaseMetrics } from './purchase-metrics.js';
import { type CurrentStage, evaluateStage, type StageMetrics } from './rules.js';
import { parseStageModel, type StageModel } from './stage-model.js';

const day = (iso: string) => parseIsoDay(iso);

/** A history as `[date, amount]` pairs; everything not about purchases is off unless given. */
function metricsOf(
  history: [string, number][],
  asOf: string,
  extra: Partial<StageMetrics> = {},
): StageMetrics {
  const purchases: Purchase[] = history.map(([d, amount]) => ({ day: day(d), amount }));
  const { first: _f, last: _l, ...m } = purchaseMetrics(purchases, day(asOf));
  return {
    ...m,
    pAlive: null,
    hasOwner: false,
    openOpportunity: false,
    recentInteraction: false,
    terminatedByUser: false,
    ...extra,
  };
}

function stageAt(
  model: StageModel,
  history: [string, number][],
  asOf: string,
  extra: Partial<StageMetrics> = {},
  current?: { stage: string; since: string },
) {
  const now: CurrentStage | undefined = current && { stage: current.stage, since: day(current.since) };
  const { stage, rule } = evaluateStage(model, metricsOf(history, asOf, extra), day(asOf), now);
  return `${stage} ${rule}`;
}

const relationship = PRESETS.relationship;
// Six purchases on the first of each month, January to June 2024: n = 6, rhythm = 31 days (median of
// 31, 29, 31, 30, 31), so overdue after 62 days; on 2024-07-01 rev90 = 200 against prev90 = 300.
const steady: [string, number][] = [
  ['2024-01-01', 100],
  ['2024-02-01', 100],
  ['2024-03-01', 100],
  ['2024-04-01', 100],
  ['2024-05-01', 100],
  ['2024-06-01', 100],
];

describe('relationship rules: terminated', () => {
  test('a user termination wins even for a prospect without purchases', () => {
    assert.equal(
      stageAt(relationship, [], '2024-06-01', { terminatedByUser: true }),
      'terminated terminated.by-user',
    );
  });
  test('gap 366 days (> 365) terminates; gap 365 is still decline (overdue)', () => {
    assert.equal(stageAt(relationship, [['2023-01-01', 10]], '2024-01-02'), 'terminated terminated.inactive');
    assert.equal(stageAt(relationship, [['2023-01-01', 10]], '2024-01-01'), 'decline decline.overdue');
  });
  test('a prospect without purchases is never terminated by time', () => {
    assert.equal(stageAt(relationship, [], '2030-01-01'), 'exploration exploration');
  });
});

describe('relationship rules: decline', () => {
  test('without a rhythm (n < 3) a gap of 121 days is overdue, 120 is not', () => {
    // Free samples (amount 0): with revenue, the 90-day windows would decline the customer first.
    const two: [string, number][] = [
      ['2024-01-01', 0],
      ['2024-01-11', 0],
    ];
    assert.equal(stageAt(relationship, two, '2024-05-10'), 'formation formation'); // gap 120
    assert.equal(stageAt(relationship, two, '2024-05-11'), 'decline decline.overdue'); // gap 121
  });
  test('with revenue, a gap of 90 days or more is already a revenue drop (the recent window is empty)', () => {
    const two: [string, number][] = [
      ['2024-01-01', 50],
      ['2024-01-11', 50],
    ];
    assert.equal(stageAt(relationship, two, '2024-04-09'), 'formation formation'); // gap 89
    assert.equal(stageAt(relationship, two, '2024-04-10'), 'decline decline.revenue-drop'); // gap 90
  });
  test('with a short rhythm the 60-day floor applies: gap 61 is overdue, 60 is not', () => {
    const tenDays: [string, number][] = [
      ['2024-01-01', 10],
      ['2024-01-11', 10],
      ['2024-01-21', 10],
    ];
    assert.equal(stageAt(relationship, tenDays, '2024-03-21'), 'formation formation'); // gap 60
    assert.equal(stageAt(relationship, tenDays, '2024-03-22'), 'decline decline.overdue'); // gap 61
  });
  test('with a 40-day rhythm the limit is 2 × 40 = 80 days', () => {
    const fortyDays: [string, number][] = [
      ['2024-01-01', 10],
      ['2024-02-10', 10],
      ['2024-03-21', 10],
    ];
    assert.equal(stageAt(relationship, fortyDays, '2024-06-09'), 'formation formation'); // gap 80
    assert.equal(stageAt(relationship, fortyDays, '2024-06-10'), 'decline decline.overdue'); // gap 81
  });
  test('P(alive) below 0.3 declines a repeat buyer; exactly 0.3 does not; a one-time buyer never', () => {
    const two: [string, number][] = [
      ['2024-01-01', 50],
      ['2024-01-11', 50],
    ];
    assert.equal(stageAt(relationship, two, '2024-02-01', { pAlive: 0.29 }), 'decline decline.p-alive');
    assert.equal(stageAt(relationship, two, '2024-02-01', { pAlive: 0.3 }), 'formation formation');
    assert.equal(
      stageAt(relationship, [['2024-01-01', 50]], '2024-02-01', { pAlive: 0.01 }),
      'exploration exploration',
    );
  });
  test('revenue of the last 90 days under half of the 90 before declines; exactly half does not', () => {
    const drop = (recent: number): [string, number][] => [
      ['2024-01-15', 100],
      ['2024-02-15', 100],
      ['2024-05-15', recent],
    ];
    // As of 2024-06-01: rev90 = (Mar 3, Jun 1] = recent; prev90 = (Dec 4, Mar 3] = 200.
    assert.equal(stageAt(relationship, drop(99.99), '2024-06-01'), 'decline decline.revenue-drop');
    assert.equal(stageAt(relationship, drop(100), '2024-06-01'), 'formation formation');
  });
  test('no revenue in the previous window means no revenue drop', () => {
    assert.equal(
      stageAt(
        relationship,
        [
          ['2024-05-01', 10],
          ['2024-05-20', 1],
        ],
        '2024-06-01',
      ),
      'formation formation',
    );
  });
  test('decline is entered from stability too', () => {
    assert.equal(stageAt(relationship, steady, '2024-07-01'), 'stability stability'); // gap 30
    assert.equal(stageAt(relationship, steady, '2024-08-03'), 'decline decline.overdue'); // gap 63 > 62
  });
});

describe('relationship rules: exploration, stability, formation', () => {
  test('one purchase day (several sales that day) is exploration', () => {
    assert.equal(
      stageAt(
        relationship,
        [
          ['2024-01-01', 10],
          ['2024-01-01', 20],
        ],
        '2024-01-31',
      ),
      'exploration exploration',
    );
  });
  test('5 purchase days and 180 days of tenure is stability; 179 days is formation', () => {
    const five: [string, number][] = [
      ['2024-01-01', 100],
      ['2024-02-01', 100],
      ['2024-03-01', 100],
      ['2024-05-01', 100],
      ['2024-06-20', 100],
    ];
    assert.equal(stageAt(relationship, five, '2024-06-29'), 'stability stability'); // tenure 180
    assert.equal(stageAt(relationship, five, '2024-06-28'), 'formation formation'); // tenure 179
  });
  test('4 purchase days over a year is formation', () => {
    const four: [string, number][] = [
      ['2023-06-01', 100],
      ['2023-09-01', 100],
      ['2023-12-01', 100],
      ['2024-03-01', 100],
    ];
    // rhythm 91 → overdue after 182 days; as of 2024-04-01 the gap is 31 and revenue steady.
    assert.equal(stageAt(relationship, four, '2024-04-01'), 'formation formation');
  });
});

describe('relationship hysteresis', () => {
  const inDecline = { stage: 'decline', since: '2024-06-15' };
  test('in decline without a new purchase the customer stays, although no condition holds', () => {
    assert.equal(stageAt(relationship, steady, '2024-06-20', {}, inDecline), 'decline decline.held');
  });
  test('a purchase after entering decline lets the rules move the customer on', () => {
    const bought: [string, number][] = [...steady, ['2024-06-25', 100]];
    assert.equal(stageAt(relationship, bought, '2024-06-30', {}, inDecline), 'stability stability');
  });
  test('termination still applies to a customer held in decline', () => {
    assert.equal(
      stageAt(relationship, steady, '2025-06-02', {}, inDecline),
      'terminated terminated.inactive',
    );
  });
  test('in decline, a revenue ratio of 0.52 still declines (needs ≥ 0.55); outside decline it does not', () => {
    const history: [string, number][] = [
      ['2024-04-01', 100],
      ['2024-05-01', 100],
      ['2024-07-15', 52],
      ['2024-08-01', 52],
    ];
    // As of 2024-08-05: rev90 = 104, prev90 = 200, ratio 0.52.
    const since = { stage: 'decline', since: '2024-07-01' };
    assert.equal(stageAt(relationship, history, '2024-08-05', {}, since), 'decline decline.revenue-drop');
    assert.equal(stageAt(relationship, history, '2024-08-05'), 'formation formation');
    const recovered: [string, number][] = [...history.slice(0, 3), ['2024-08-01', 58]]; // ratio 0.55
    assert.equal(stageAt(relationship, recovered, '2024-08-05', {}, since), 'formation formation');
  });
  test('in decline, P(alive) 0.32 still declines (needs ≥ 0.33); 0.33 leaves', () => {
    const history: [string, number][] = [
      ['2024-06-01', 10],
      ['2024-07-10', 10],
    ];
    const since = { stage: 'decline', since: '2024-07-01' };
    assert.equal(
      stageAt(relationship, history, '2024-07-20', { pAlive: 0.32 }, since),
      'decline decline.p-alive',
    );
    assert.equal(
      stageAt(relationship, history, '2024-07-20', { pAlive: 0.33 }, since),
      'formation formation',
    );
    assert.equal(stageAt(relationship, history, '2024-07-20', { pAlive: 0.32 }), 'formation formation');
  });
  test('a purchase on the very day of entering decline is not a new purchase', () => {
    const history: [string, number][] = [...steady, ['2024-06-15', 100]];
    assert.equal(stageAt(relationship, history, '2024-06-20', {}, inDecline), 'decline decline.held');
  });
});

describe('relationship rules: service signals of decline', () => {
  // On 2024-06-10 the steady buyer is in formation (tenure 161 days): gap 9, rev90 300 against prev90 200.
  const asOf = '2024-06-10';
  test('a complaint open 15 days (more than 14) declines the customer; 14 days does not', () => {
    assert.equal(stageAt(relationship, steady, asOf, { openComplaintDays: 14 }), 'formation formation');
    assert.equal(
      stageAt(relationship, steady, asOf, { openComplaintDays: 15 }),
      'decline decline.open-complaint',
    );
  });
  test('a satisfaction drop of 0.3 declines the customer; 0.29 does not; C 1 to 0.7 is 0.3 despite floating point', () => {
    assert.equal(stageAt(relationship, steady, asOf, { satisfactionDrop: 0.29 }), 'formation formation');
    assert.equal(
      stageAt(relationship, steady, asOf, { satisfactionDrop: 0.3 }),
      'decline decline.satisfaction-drop',
    );
    assert.equal(
      stageAt(relationship, steady, asOf, { satisfactionDrop: (1 - 0.7) / 1 - 1e-12 }),
      'decline decline.satisfaction-drop',
    );
  });
  test('a prospect without purchases is not declined by a complaint or a drop: there is no business to lose', () => {
    assert.equal(
      stageAt(relationship, [], asOf, { openComplaintDays: 100, satisfactionDrop: 1 }),
      'exploration exploration',
    );
  });
  test('the purchase conditions are named first, then the complaint, then the satisfaction drop', () => {
    assert.equal(
      stageAt(relationship, steady, '2024-08-10', { openComplaintDays: 30, satisfactionDrop: 0.5 }),
      'decline decline.overdue',
    );
    assert.equal(
      stageAt(relationship, steady, asOf, { openComplaintDays: 30, satisfactionDrop: 0.5 }),
      'decline decline.open-complaint',
    );
  });
  test('in decline, the service thresholds take no hysteresis margin: 0.3 still declines, 0.29 leaves after a purchase', () => {
    const since = { stage: 'decline', since: '2024-05-15' };
    assert.equal(
      stageAt(relationship, steady, asOf, { satisfactionDrop: 0.3 }, since),
      'decline decline.satisfaction-drop',
    );
    assert.equal(
      stageAt(relationship, steady, asOf, { satisfactionDrop: 0.29 }, since),
      'formation formation',
    );
  });
  test('a model without the service thresholds (saved before they existed) ignores both signals', () => {
    const decline = relationship.rules[1];
    assert.equal(decline.test, 'decline');
    const {
      complaintOpenDays: _c,
      satisfactionDropAtLeast: _s,
      ...older
    } = (decline as Extract<typeof decline, { test: 'decline' }>).thresholds;
    const model = parseStageModel({
      ...relationship,
      rules: relationship.rules.map((r, i) => (i === 1 ? { ...r, thresholds: older } : r)),
    });
    assert.equal(
      stageAt(model, steady, asOf, { openComplaintDays: 100, satisfactionDrop: 1 }),
      'formation formation',
    );
  });
  test('thresholds are checked: 0 days and a drop of 1 are refused, naming the field', () => {
    const decline = relationship.rules[1];
    for (const [field, value] of [
      ['complaintOpenDays', 0],
      ['satisfactionDropAtLeast', 1],
    ] as const) {
      const rules = relationship.rules.map((r, i) =>
        i === 1 ? { ...decline, thresholds: { ...decline.thresholds, [field]: value } } : r,
      );
      assert.throws(
        () => parseStageModel({ ...relationship, rules }),
        (e: AppError) => e.errors[0].path === `model.rules.1.thresholds.${field}`,
      );
    }
  });
  test('six-stage and simple decline on the same signals, into their own stages', () => {
    assert.equal(
      stageAt(PRESETS['six-stage'], steady, asOf, { openComplaintDays: 15 }),
      'decline decline.open-complaint',
    );
    assert.equal(
      stageAt(PRESETS.simple, steady, asOf, { satisfactionDrop: 0.4 }),
      'lapsed decline.satisfaction-drop',
    );
  });
});

describe('six-stage rules', () => {
  const six = PRESETS['six-stage'];
  test('a prospect with an owner, an open opportunity or a recent interaction is in development', () => {
    assert.equal(stageAt(six, [], '2024-06-01', { hasOwner: true }), 'development development');
    assert.equal(stageAt(six, [], '2024-06-01', { openOpportunity: true }), 'development development');
    assert.equal(
      stageAt(six, [['2024-05-01', 10]], '2024-06-01', { recentInteraction: true }),
      'development development',
    );
  });
  test('without those signals a prospect or trial buyer is potential', () => {
    assert.equal(stageAt(six, [], '2024-06-01'), 'potential potential');
    assert.equal(stageAt(six, [['2024-05-01', 10]], '2024-06-01'), 'potential potential');
  });
  test('a repeat buyer with an owner is in growth, not development', () => {
    assert.equal(
      stageAt(
        six,
        [
          ['2024-05-01', 10],
          ['2024-05-20', 10],
        ],
        '2024-06-01',
        { hasOwner: true },
      ),
      'growth growth',
    );
  });
  test('maturity is stability; decline and termination as in relationship', () => {
    assert.equal(stageAt(six, steady, '2024-07-01'), 'maturity maturity');
    assert.equal(stageAt(six, steady, '2024-08-03'), 'decline decline.overdue');
    assert.equal(stageAt(six, steady, '2025-06-02'), 'terminated terminated.inactive');
  });
  test('hysteresis holds decline until a new purchase', () => {
    const since = { stage: 'decline', since: '2024-06-15' };
    assert.equal(stageAt(six, steady, '2024-06-20', {}, since), 'decline decline.held');
  });
});

describe('simple rules', () => {
  const simple = PRESETS.simple;
  test('no purchase: potential; one purchase day: new', () => {
    assert.equal(stageAt(simple, [], '2024-06-01', { hasOwner: true }), 'potential potential');
    assert.equal(stageAt(simple, [['2024-05-01', 10]], '2024-06-01'), 'new new');
  });
  test('repeat buyers are active; 5 purchase days over 180 days are loyal', () => {
    assert.equal(stageAt(simple, steady.slice(0, 3), '2024-03-15'), 'active active');
    assert.equal(stageAt(simple, steady, '2024-07-01'), 'loyal loyal');
  });
  test('decline and termination are both lapsed, each named by its rule', () => {
    assert.equal(stageAt(simple, steady, '2024-08-03'), 'lapsed decline.overdue');
    assert.equal(stageAt(simple, steady, '2025-06-02'), 'lapsed terminated.inactive');
  });
  test('a lapsed customer stays lapsed until a new purchase', () => {
    const since = { stage: 'lapsed', since: '2024-06-15' };
    assert.equal(stageAt(simple, steady, '2024-06-20', {}, since), 'lapsed decline.held');
    assert.equal(stageAt(simple, [...steady, ['2024-06-25', 100]], '2024-06-30', {}, since), 'loyal loyal');
  });
});

describe('evaluation output', () => {
  test('carries the metrics the rules saw', () => {
    const result = evaluateStage(relationship, metricsOf(steady, '2024-08-03'), day('2024-08-03'));
    assert.deepEqual(result.metrics, {
      n: 6,
      gap: 63,
      rhythm: 31,
      tenure: 215,
      rev90: 100,
      prev90: 300,
      pAlive: null,
      hasOwner: false,
      openOpportunity: false,
      recentInteraction: false,
      terminatedByUser: false,
    });
  });
});
