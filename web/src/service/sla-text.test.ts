import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SlaTimer } from '../api/types';
import { currentTimer, formatWorkingMinutes, slaTone } from './sla-text';

const units = { hour: 'h', minute: 'min' };
const timer = (state: SlaTimer['state'], remainingMinutes: number | null = null): SlaTimer => ({
  state,
  targetMinutes: 60,
  remainingMinutes,
  dueAt: null,
});

describe('formatWorkingMinutes', () => {
  test('minutes alone under an hour, hours with padded minutes above, overdue time without its sign', () => {
    assert.equal(formatWorkingMinutes(45, units), '45 min');
    assert.equal(formatWorkingMinutes(125, units), '2 h 05 min');
    assert.equal(formatWorkingMinutes(-90.4, units), '1 h 30 min');
    assert.equal(formatWorkingMinutes(0, units), '0 min');
  });
});

describe('currentTimer', () => {
  test('the first response while it runs, the resolution once it is settled', () => {
    assert.equal(
      currentTimer({
        firstResponse: timer('near_breach', 5),
        nextResponse: timer('none'),
        resolution: timer('running', 300),
      }).which,
      'firstResponse',
    );
    assert.equal(
      currentTimer({
        firstResponse: timer('met'),
        nextResponse: timer('none'),
        resolution: timer('paused', 300),
      }).which,
      'resolution',
    );
    assert.equal(
      currentTimer({
        firstResponse: timer('none'),
        nextResponse: timer('none'),
        resolution: timer('running', 300),
      }).which,
      'resolution',
    );
  });

  test('the answer owed to the customer’s latest message comes before the resolution', () => {
    const sla = {
      firstResponse: timer('met'),
      nextResponse: timer('running', 20),
      resolution: timer('running', 300),
    };
    assert.equal(currentTimer(sla).which, 'nextResponse');
    assert.equal(currentTimer({ ...sla, nextResponse: timer('paused', 20) }).which, 'resolution');
  });
});

describe('slaTone', () => {
  test('late once breached or missed, a warning near the breach, quiet without a clock', () => {
    assert.deepEqual(
      (['running', 'near_breach', 'breached', 'missed', 'met', 'paused', 'none'] as const).map((s) =>
        slaTone(timer(s)),
      ),
      ['ok', 'warn', 'late', 'late', 'ok', 'quiet', 'quiet'],
    );
  });
});
