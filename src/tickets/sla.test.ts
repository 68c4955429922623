import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BusinessCalendar, DayHours } from '../calendars/business-hours.js';
import { dayKinds } from '../calendars/holidays.js';
import { choosePolicy, type SlaFacts, type SlaPolicy, slaState } from './sla.js';

const nineToSix: DayHours = [[9 * 60, 18 * 60]];
const shanghai: BusinessCalendar = {
  timeZone: 'Asia/Shanghai',
  week: { 1: nineToSix, 2: nineToSix, 3: nineToSix, 4: nineToSix, 5: nineToSix, 6: [], 7: [] },
  dayKind: dayKinds('CN'),
};
const at = (local: string) => new Date(`${local}+08:00`);
const targets = { firstResponseMinutes: 60, resolutionMinutes: 9 * 60 };
const opened = (openedAt: string, more: Partial<SlaFacts> = {}): SlaFacts => ({
  openedAt: at(openedAt),
  firstResponseAt: null,
  resolvedAt: null,
  pausedMinutes: 0,
  waitingSince: null,
  replyOwedSince: null,
  replyPausedMinutes: 0,
  ...more,
});

describe('slaState', () => {
  test('a ticket opened late on Friday is due on Monday, and the weekend costs nothing', () => {
    const facts = opened('2026-03-06T17:30');
    const friday = slaState(shanghai, targets, facts, at('2026-03-06T17:45'));
    assert.deepEqual(friday.firstResponse, {
      state: 'running',
      targetMinutes: 60,
      remainingMinutes: 45,
      dueAt: at('2026-03-09T09:30'),
    });
    assert.deepEqual(friday.resolution.dueAt, at('2026-03-09T17:30'));
    const sunday = slaState(shanghai, targets, facts, at('2026-03-08T23:00'));
    assert.equal(sunday.firstResponse.remainingMinutes, 30);
  });

  test('near breach from 80 % of the target, breached past it, with the minutes over', () => {
    const facts = opened('2026-03-09T09:00');
    assert.equal(slaState(shanghai, targets, facts, at('2026-03-09T09:47')).firstResponse.state, 'running');
    assert.equal(
      slaState(shanghai, targets, facts, at('2026-03-09T09:48')).firstResponse.state,
      'near_breach',
    );
    const late = slaState(shanghai, targets, facts, at('2026-03-09T10:20')).firstResponse;
    assert.equal(late.state, 'breached');
    assert.equal(late.remainingMinutes, -20);
  });

  test('the Spring Festival stops the clock and its make-up Saturday runs it', () => {
    // Opened Friday 13 Feb 2026 at 15:00: 3 hours that day, 9 on Saturday 14 (worked), then 15–23 Feb off.
    const facts = opened('2026-02-13T15:00');
    const timers = slaState(
      shanghai,
      { firstResponseMinutes: null, resolutionMinutes: 14 * 60 },
      facts,
      at('2026-02-20T12:00'),
    );
    assert.equal(timers.resolution.remainingMinutes, 2 * 60);
    assert.deepEqual(timers.resolution.dueAt, at('2026-02-24T11:00'));
    assert.equal(timers.firstResponse.state, 'none');
  });

  test('waiting on the customer pauses resolution but not the first response', () => {
    const facts = opened('2026-03-09T09:00', {
      firstResponseAt: at('2026-03-09T09:30'),
      waitingSince: at('2026-03-09T11:00'),
    });
    const timers = slaState(shanghai, targets, facts, at('2026-03-10T11:00'));
    assert.equal(timers.firstResponse.state, 'met');
    assert.deepEqual(timers.resolution, {
      state: 'paused',
      targetMinutes: 540,
      remainingMinutes: 420,
      dueAt: null,
    });
    // The customer answered after 9 working hours: the due time moves from Monday 18:00 to Tuesday 18:00.
    const resumed = slaState(
      shanghai,
      targets,
      { ...facts, waitingSince: null, pausedMinutes: 9 * 60 },
      at('2026-03-10T11:00'),
    );
    assert.equal(resumed.resolution.state, 'running');
    assert.equal(resumed.resolution.remainingMinutes, 420);
    assert.deepEqual(resumed.resolution.dueAt, at('2026-03-10T18:00'));
  });

  test('the next response runs from the customer’s unanswered message and pauses while waiting on them', () => {
    const next = { ...targets, nextResponseMinutes: 120 };
    // Answered at 09:30; the customer wrote again on Friday at 17:00: due Monday 10:00 across the weekend.
    const facts = opened('2026-03-06T09:00', {
      firstResponseAt: at('2026-03-06T09:30'),
      replyOwedSince: at('2026-03-06T17:00'),
    });
    const monday = slaState(shanghai, next, facts, at('2026-03-09T09:40'));
    assert.deepEqual(monday.nextResponse, {
      state: 'near_breach',
      targetMinutes: 120,
      remainingMinutes: 20,
      dueAt: at('2026-03-09T10:00'),
    });
    assert.equal(slaState(shanghai, next, facts, at('2026-03-09T10:15')).nextResponse.remainingMinutes, -15);
    // Put to waiting on the customer at 09:00 Monday: the timer stops with 60 minutes left.
    const waiting = slaState(
      shanghai,
      next,
      { ...facts, waitingSince: at('2026-03-09T09:00') },
      at('2026-03-09T15:00'),
    );
    assert.equal(waiting.nextResponse.state, 'paused');
    assert.equal(waiting.nextResponse.remainingMinutes, 60);
    // A wait that began before the message pauses it from the message on: nothing has run yet.
    const earlier = slaState(
      shanghai,
      next,
      { ...facts, waitingSince: at('2026-03-06T10:00') },
      at('2026-03-09T15:00'),
    );
    assert.equal(earlier.nextResponse.remainingMinutes, 120);
    // Nothing owed: no timer, and none once resolved.
    const answered = slaState(shanghai, next, { ...facts, replyOwedSince: null }, at('2026-03-09T12:00'));
    assert.equal(answered.nextResponse.state, 'none');
    const resolved = slaState(
      shanghai,
      next,
      { ...facts, resolvedAt: at('2026-03-09T09:10') },
      at('2026-03-09T12:00'),
    );
    assert.equal(resolved.nextResponse.state, 'none');
  });

  test('a resolved ticket settles both timers as met or missed', () => {
    const facts = opened('2026-03-09T09:00', { resolvedAt: at('2026-03-10T12:00') });
    const timers = slaState(shanghai, targets, facts, at('2026-03-20T09:00'));
    // Resolved without a reply first: resolving answers the customer. 2 h late for the first response.
    assert.equal(timers.firstResponse.state, 'missed');
    assert.equal(timers.resolution.state, 'missed');
    const quick = slaState(
      shanghai,
      targets,
      { ...facts, resolvedAt: at('2026-03-09T09:40') },
      at('2026-03-20T09:00'),
    );
    assert.equal(quick.firstResponse.state, 'met');
    assert.equal(quick.resolution.state, 'met');
  });
});

describe('choosePolicy', () => {
  const policies: SlaPolicy[] = [
    { name: 'A-class complaints', categories: ['product_quality'], tiers: ['A'], targets },
    { name: 'Urgent', priorities: ['urgent'], targets: { firstResponseMinutes: 30, resolutionMinutes: 240 } },
    { name: 'Everything else', targets: { firstResponseMinutes: 480, resolutionMinutes: null } },
  ];

  test('the first policy whose every list matches wins', () => {
    const name = (subject: Parameters<typeof choosePolicy>[1]) => choosePolicy(policies, subject)?.name;
    assert.equal(
      name({ priority: 'urgent', category: 'product_quality', tier: 'A', clv: null }),
      'A-class complaints',
    );
    assert.equal(name({ priority: 'urgent', category: 'product_quality', tier: 'B', clv: null }), 'Urgent');
    assert.equal(name({ priority: 'low', category: null, tier: null, clv: null }), 'Everything else');
  });

  test('a list never matches an unknown value, and no policy matches when none applies', () => {
    assert.equal(
      choosePolicy(policies.slice(0, 1), {
        priority: 'low',
        category: 'product_quality',
        tier: null,
        clv: null,
      }),
      null,
    );
  });

  test('a CLV band holds customers from its minimum up to, not including, its maximum', () => {
    const banded: SlaPolicy[] = [
      { name: 'Top', clvBand: { min: 10_000 }, targets },
      { name: 'Middle', clvBand: { min: 2_000, max: 10_000 }, targets },
      { name: 'Rest', targets },
    ];
    const name = (clv: number | null) =>
      choosePolicy(banded, { priority: 'normal', category: null, tier: 'C', clv })?.name;
    assert.equal(name(25_000), 'Top');
    assert.equal(name(10_000), 'Top');
    assert.equal(name(9_999.99), 'Middle');
    assert.equal(name(2_000), 'Middle');
    assert.equal(name(1_999), 'Rest');
    // A customer without a predicted CLV is in no band.
    assert.equal(name(null), 'Rest');
  });
});
