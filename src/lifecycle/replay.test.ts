import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDay, parseIsoDay } from '../analytics/civil-days.js';
import type { Override } from './assess.js';
import { PRESETS } from './presets.js';
import { type CustomerRecord, replayCustomer, type SalesColumns } from './replay.js';

const day = parseIsoDay;

/** One customer's sales as `[date, amount]`, sorted, of no business line. */
function sales(history: [string, number][]): SalesColumns {
  return {
    day: Int32Array.from(history, ([d]) => day(d)),
    cents: Float64Array.from(history, ([, a]) => a * 100),
    line: new Int32Array(history.length),
    lineIds: [],
  };
}

function replay(
  history: [string, number][],
  asOf: string,
  overrides: Override[] = [],
  service: Partial<Pick<CustomerRecord, 'complaints' | 'answers'>> = {},
) {
  const record: CustomerRecord = {
    customerId: 'c',
    createdDay: day('2030-01-01'),
    hasOwner: false,
    interactions: [],
    complaints: service.complaints ?? [],
    answers: service.answers ?? [],
    overrides,
    from: 0,
    to: history.length,
  };
  const result = replayCustomer(
    PRESETS.relationship,
    day(asOf),
    sales(history),
    record,
    null,
    new Float64Array(64),
  );
  const [whole] = result.courses;
  return {
    stage: whole.stage,
    since: formatDay(whole.since),
    changes: whole.transitions.map((t) => `${formatDay(t.at)} ${t.to}`),
    overrideEnd: result.overrideEnd && `${formatDay(result.overrideEnd.day)} ${result.overrideEnd.reason}`,
  };
}

const monthly: [string, number][] = ['01', '02', '03', '04', '05', '06'].map((m) => [`2024-${m}-01`, 100]);
const manual = (since: string, extra: Partial<Override> = {}): Override => ({
  stage: 'stability',
  reason: 'contract',
  userId: 'u',
  until: null,
  since: day(since),
  ...extra,
});

describe('replaying a customer in event time', () => {
  test('each change is dated on the day it happened: tenure reached on 2024-06-29, the May sale leaving the window on 2024-07-30', () => {
    assert.deepEqual(replay(monthly, '2024-08-03'), {
      stage: 'decline',
      since: '2024-07-30',
      changes: [
        '2024-01-01 exploration',
        '2024-02-01 formation',
        '2024-06-29 stability',
        '2024-07-30 decline',
      ],
      overrideEnd: undefined,
    });
  });

  test('the stage at a day is a prefix of the course at a later day', () => {
    const early = replay(monthly, '2024-07-15');
    assert.deepEqual(early.changes, replay(monthly, '2024-08-03').changes.slice(0, 3));
    assert.equal(early.since, '2024-06-29');
  });

  test('decline holds until a purchase dated after the day it was entered, then the rules resume', () => {
    // 400 in the recent window against 300 before: no revenue drop, even with the margin.
    const back: [string, number][] = [...monthly, ['2024-09-01', 400]];
    assert.deepEqual(replay(back, '2024-09-02').changes.slice(-2), [
      '2024-07-30 decline',
      '2024-09-01 stability',
    ]);
  });

  test('an override holds from its day until a purchase on a later day; a sale dated before it does not end it', () => {
    const made = [manual('2024-03-15')];
    assert.deepEqual(replay(monthly.slice(0, 3), '2024-03-20', made), {
      stage: 'stability',
      since: '2024-03-15',
      changes: ['2024-01-01 exploration', '2024-02-01 formation', '2024-03-15 stability'],
      overrideEnd: undefined,
    });
    // The April sale (after the override) ends it on 2024-04-01; the rules say formation then.
    const ended = replay(monthly.slice(0, 4), '2024-04-02', made);
    assert.deepEqual(
      [ended.stage, ended.since, ended.overrideEnd],
      ['formation', '2024-04-01', '2024-04-01 purchase'],
    );
    // A sale dated 2024-03-10, recorded after the override, is before its day: the override stands.
    const backDated: [string, number][] = [...monthly.slice(0, 3), ['2024-03-10', 50]].sort() as [
      string,
      number,
    ][];
    assert.equal(replay(backDated, '2024-03-20', made).stage, 'stability');
  });

  test('an override with until holds through that day and ends the day after', () => {
    const made = [manual('2024-03-15', { until: day('2024-03-20') })];
    assert.equal(replay(monthly.slice(0, 3), '2024-03-20', made).stage, 'stability');
    const after = replay(monthly.slice(0, 3), '2024-03-21', made);
    assert.deepEqual([after.stage, after.overrideEnd], ['formation', '2024-03-21 until']);
  });

  test('a newer override replaces the one before from its own day', () => {
    const made = [manual('2024-03-15'), manual('2024-03-18', { stage: 'decline' })];
    const r = replay(monthly.slice(0, 3), '2024-03-20', made);
    assert.deepEqual(r.changes.slice(-2), ['2024-03-15 stability', '2024-03-18 decline']);
  });
});

describe('replaying the service signals of decline', () => {
  // Monthly buyer, January to March 2024: formation from 2024-02-01, not overdue before May.
  const three = monthly.slice(0, 3);

  test('a complaint opened 2024-03-05 and still open declines the customer on its 15th day open, 2024-03-20 (more than 14)', () => {
    const complaints = [{ from: day('2024-03-05'), to: null }];
    assert.deepEqual(replay(three, '2024-03-19', [], { complaints }).stage, 'formation');
    const late = replay(three, '2024-03-25', [], { complaints });
    assert.deepEqual([late.stage, late.since], ['decline', '2024-03-20']);
  });

  test('a complaint resolved on its 14th day open (2024-03-19) never declines the customer', () => {
    const complaints = [{ from: day('2024-03-05'), to: day('2024-03-19') }];
    assert.equal(replay(three, '2024-03-25', [], { complaints }).stage, 'formation');
  });

  test('a complaint opened after the as-of day is not known on it: the past does not see the future', () => {
    const complaints = [{ from: day('2024-02-01'), to: null }];
    assert.equal(replay(three, '2024-01-20', [], { complaints }).stage, 'exploration');
    assert.deepEqual(replay(three, '2024-03-01', [], { complaints }).changes.at(-1), '2024-02-16 decline');
  });

  test('CSAT 5 then 3 answered 2024-03-10 (a drop of 0.4 ≥ 0.3) declines the customer that day; 5 then 4 does not', () => {
    const answers = (second: number) => [
      { day: day('2024-02-10'), kind: 'ticket' as const, score: 5 },
      { day: day('2024-03-10'), kind: 'ticket' as const, score: second },
    ];
    assert.equal(replay(three, '2024-03-09', [], { answers: answers(3) }).stage, 'formation');
    assert.deepEqual(
      replay(three, '2024-03-12', [], { answers: answers(3) }).changes.at(-1),
      '2024-03-10 decline',
    );
    assert.equal(replay(three, '2024-03-12', [], { answers: answers(4) }).stage, 'formation');
  });

  test('after a service decline the customer stays in decline until they buy again, then the rules resume', () => {
    const complaints = [{ from: day('2024-03-05'), to: day('2024-03-25') }];
    assert.equal(replay(three, '2024-03-30', [], { complaints }).stage, 'decline');
    const back = replay([...three, ['2024-04-01', 100]], '2024-04-02', [], { complaints });
    assert.deepEqual(back.changes.slice(-2), ['2024-03-20 decline', '2024-04-01 formation']);
  });
});
