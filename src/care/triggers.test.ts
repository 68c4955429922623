import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addDays } from './calendar.js';
import { triggerInput } from './schema.js';
import { NO_FACTS, occasionOn, type TriggerFacts } from './triggers.js';

const none = NO_FACTS;
const cn = { country: 'CN' };
const on = (trigger: object, facts: Partial<TriggerFacts>, today: string, country = 'CN') =>
  occasionOn(triggerInput.parse(trigger), { ...none, ...facts }, today, { country });

/** Every day of a range on which the trigger fires, with its occasion key. */
function firings(trigger: object, facts: Partial<TriggerFacts>, from: string, to: string) {
  const found: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const occasion = on(trigger, facts, day);
    if (occasion) found.push(`${day} ${occasion.key}`);
  }
  return found;
}

describe('birthday trigger', () => {
  test('a solar birthday fires once a year, on the day, over two years', () => {
    assert.deepEqual(
      firings(
        { type: 'birthday', calendar: 'solar' },
        { birthday: '1988-03-14' },
        '2025-01-01',
        '2026-12-31',
      ),
      ['2025-03-14 birthday:2025-03-14', '2026-03-14 birthday:2026-03-14'],
    );
  });

  test('a 29 February birthday fires on 28 February in common years and on the 29th in leap years', () => {
    assert.deepEqual(
      firings(
        { type: 'birthday', calendar: 'solar' },
        { birthday: '2000-02-29' },
        '2027-01-01',
        '2028-12-31',
      ),
      ['2027-02-28 birthday:2027-02-28', '2028-02-29 birthday:2028-02-29'],
    );
  });

  test('a lunar birthday fires on its lunar date each year, days ahead when asked', () => {
    // Born 1990-10-03, 八月十五: 2025-10-06 and 2026-09-25; three days ahead.
    assert.deepEqual(
      firings(
        { type: 'birthday', calendar: 'lunar', daysBefore: 3 },
        { birthday: '1990-10-03' },
        '2025-01-01',
        '2026-12-31',
      ),
      ['2025-10-03 birthday:2025-10-06', '2026-09-22 birthday:2026-09-25'],
    );
  });

  test('a leap-month lunar birthday fires once in a year that has the leap month and once in one that has not', () => {
    // Born 2025-08-01 (闰六月初八): its first birthday is in 2026, in the ordinary sixth month.
    assert.deepEqual(
      firings(
        { type: 'birthday', calendar: 'lunar' },
        { birthday: '2025-08-01' },
        '2025-01-01',
        '2026-12-31',
      ),
      ['2026-07-21 birthday:2026-07-21'],
    );
  });

  test('no birthday, no occasion', () => {
    assert.equal(on({ type: 'birthday', calendar: 'solar' }, {}, '2026-01-01'), null);
  });
});

describe('calendar triggers', () => {
  test('a festival fires on its lunar date in each of two years, and days before it', () => {
    assert.deepEqual(firings({ type: 'festival', festival: 'mid-autumn' }, {}, '2025-01-01', '2026-12-31'), [
      '2025-10-06 mid-autumn:2025-10-06',
      '2026-09-25 mid-autumn:2026-09-25',
    ]);
    assert.deepEqual(on({ type: 'festival', festival: 'spring-festival', daysBefore: 7 }, {}, '2026-02-10'), {
      key: 'spring-festival:2026-02-17',
      day: '2026-02-17',
    });
  });

  test("China's holidays fire on their first day off, not on a make-up working day", () => {
    const days = firings({ type: 'holiday' }, {}, '2025-01-20', '2025-02-10');
    assert.deepEqual(days, ['2025-01-28 holiday:2025-01-28']);
  });

  test("another country's holiday fires on its day, the day before when asked", () => {
    assert.deepEqual(on({ type: 'holiday', daysBefore: 1 }, {}, '2026-07-03', 'US'), {
      key: 'holiday:2026-07-04',
      day: '2026-07-04',
    });
    assert.equal(on({ type: 'holiday' }, {}, '2026-07-04', 'CN'), null);
  });
});

describe('purchase triggers', () => {
  test('no purchase for N days fires from the Nth day, keyed by the last purchase so once per spell', () => {
    const t = { type: 'no-purchase', days: 30 };
    assert.equal(on(t, { lastPurchase: '2026-01-01' }, '2026-01-30'), null);
    assert.deepEqual(on(t, { lastPurchase: '2026-01-01' }, '2026-01-31'), {
      key: 'no-purchase:2026-01-01',
      day: '2026-01-31',
    });
    assert.equal(on(t, { lastPurchase: '2026-01-01' }, '2026-03-01')?.key, 'no-purchase:2026-01-01');
    assert.equal(on(t, {}, '2026-03-01'), null, 'never bought: nothing to miss');
  });

  test("relative to the customer's rhythm: twice a 10.5-day rhythm is 21 days", () => {
    const t = { type: 'no-purchase', rhythmMultiple: 2 };
    assert.equal(on(t, { lastPurchase: '2026-01-01', rhythm: 10.5 }, '2026-01-21'), null);
    assert.equal(on(t, { lastPurchase: '2026-01-01', rhythm: 10.5 }, '2026-01-22')?.day, '2026-01-22');
    assert.equal(on(t, { lastPurchase: '2026-01-01', rhythm: null }, '2026-06-01'), null);
  });

  test('a revisit fires N days after each purchase day', () => {
    const facts = { purchaseDays: new Set(['2026-03-01', '2026-03-05']) };
    assert.deepEqual(firings({ type: 'after-purchase', days: 7 }, facts, '2026-03-01', '2026-03-31'), [
      '2026-03-08 after-purchase:2026-03-01',
      '2026-03-12 after-purchase:2026-03-05',
    ]);
  });

  test('a first-purchase anniversary fires each year after the first, a leap-day one on 28 February', () => {
    assert.deepEqual(
      firings(
        { type: 'anniversary', of: 'first-purchase' },
        { firstPurchase: '2024-02-29' },
        '2024-01-01',
        '2026-12-31',
      ),
      ['2025-02-28 anniversary:2025-02-28', '2026-02-28 anniversary:2026-02-28'],
    );
  });
});

describe('churn and task triggers', () => {
  const t = { type: 'churn-risk', level: 'high' };
  test('churn risk fires when it rises to or past the level from below', () => {
    assert.equal(
      on(t, { churnLevel: 'high', previousChurnLevel: 'medium' }, '2026-05-01')?.key,
      'churn-risk:2026-05-01',
    );
    assert.ok(on(t, { churnLevel: 'critical', previousChurnLevel: 'low' }, '2026-05-01'));
  });

  test('churn risk does not fire while it stays above, when it falls, or on the first look', () => {
    assert.equal(on(t, { churnLevel: 'high', previousChurnLevel: 'high' }, '2026-05-01'), null);
    assert.equal(on(t, { churnLevel: 'medium', previousChurnLevel: 'critical' }, '2026-05-01'), null);
    assert.equal(on(t, { churnLevel: 'critical', previousChurnLevel: null }, '2026-05-01'), null);
  });

  test('a closed task fires the given days later', () => {
    const facts = { taskClosedDays: new Set(['2026-05-01']) };
    assert.equal(
      on({ type: 'task-closed', afterDays: 2 }, facts, '2026-05-03')?.key,
      'task-closed:2026-05-01',
    );
    assert.equal(on({ type: 'task-closed', afterDays: 2 }, facts, '2026-05-02'), null);
  });

  test('a resolved ticket fires the given days later, once per resolution day', () => {
    const facts = { ticketResolvedDays: new Set(['2026-05-01', '2026-05-04']) };
    const t = { type: 'ticket-resolved', afterDays: 1 } as const;
    assert.equal(on(t, facts, '2026-05-02')?.key, 'ticket-resolved:2026-05-01');
    assert.equal(on(t, facts, '2026-05-03'), null);
    assert.equal(on(t, facts, '2026-05-05')?.key, 'ticket-resolved:2026-05-04');
  });

  test('a stage entry is an event, never a date occasion', () => {
    assert.equal(
      occasionOn({ type: 'stage-entered', stage: 'decline', businessLineId: null }, none, '2026-05-01', cn),
      null,
    );
  });
});
