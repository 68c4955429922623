import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SegmentFigures } from './service-report';
import { churnComparison, segmentRows } from './service-segments-rows';

const figures = (
  key: string | null,
  tickets: number,
  complaints: number,
  extra: Partial<SegmentFigures> = {},
): SegmentFigures => ({
  key,
  tickets,
  complaints,
  resolutionMinutes: { count: tickets, median: 30 * tickets, p90: null },
  resolutionAttainment: { met: 1, missed: 1, percent: 50 },
  ...extra,
});

const labels: Record<string, string> = { decline: 'Decline', formation: 'Formation', stability: 'Stability' };
const labelOf = (key: string) => labels[key] ?? key;

describe('segmentRows', () => {
  test('stages follow the model’s order, an unknown stage after them, customers without a stage last', () => {
    const rows = segmentRows(
      [figures(null, 1, 0), figures('decline', 4, 3), figures('retired', 1, 1), figures('formation', 2, 1)],
      'stage',
      labelOf,
      ['formation', 'stability', 'decline'],
    );
    assert.deepEqual(
      rows.map((r) => [r.key, r.label]),
      [
        ['formation', 'Formation'],
        ['decline', 'Decline'],
        ['retired', 'retired'],
        ['', null],
      ],
    );
  });

  test('each row carries the complaint share of its tickets, the median resolution and the on-time percent', () => {
    const [row] = segmentRows([figures('A', 4, 3)], 'abcClass', labelOf, ['A', 'B', 'C']);
    assert.deepEqual(row, {
      key: 'A',
      label: 'A',
      tickets: 4,
      complaintShare: 0.75,
      medianResolutionMinutes: 120,
      onTimePercent: 50,
    });
  });

  test('teams are named by the report and sorted by name; a team without a name shows its key', () => {
    const rows = segmentRows(
      [figures('t2', 1, 0, { name: 'North' }), figures('t1', 1, 0, { name: 'East' }), figures('t3', 1, 0)],
      'team',
      labelOf,
    );
    assert.deepEqual(
      rows.map((r) => r.label),
      ['East', 'North', 't3'],
    );
  });

  test('a segment without tickets has no complaint share rather than a division by zero', () => {
    assert.equal(segmentRows([figures('B', 0, 0)], 'abcClass', labelOf)[0].complaintShare, null);
  });
});

describe('churnComparison', () => {
  const group = (measured: number, lapsed: number) => ({
    customers: measured + 1,
    measured,
    lapsed,
    lapsedPercent: measured ? (100 * lapsed) / measured : null,
  });

  test('1 of 3 complainers lapsed (33.3 %) against 1 of 10 others (10 %): 23.3 points more', () => {
    assert.deepEqual(churnComparison({ complained: group(3, 1), others: group(10, 1) }), {
      complained: 33.3,
      others: 10,
      differencePoints: 23.3,
      pending: false,
    });
  });

  test('before the days after the complaints have passed nothing is measured: pending, no difference', () => {
    assert.deepEqual(churnComparison({ complained: group(0, 0), others: group(5, 2) }), {
      complained: null,
      others: 40,
      differencePoints: null,
      pending: true,
    });
  });
});
