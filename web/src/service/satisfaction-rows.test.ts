import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type SatisfactionGroup, satisfactionRows } from './satisfaction-rows';

const group = (key: string | null, extra: Partial<SatisfactionGroup> = {}): SatisfactionGroup => ({
  key,
  name: null,
  csat: { responses: 3, average: 4.333333, satisfiedPercent: 66.7 },
  nps: { responses: 3, nps: 33.33333, promoters: 2, passives: 0, detractors: 1 },
  satisfaction: { responses: 2, byDimension: { price: 0.875, delivery: 0.6666 }, overall: 0.77083 },
  ...extra,
});
const names = [
  { code: 'delivery', name: 'Delivery' },
  { code: 'price', name: 'Price' },
];

describe('satisfactionRows', () => {
  test('CSAT to one decimal, NPS whole, C = b / a to two; dimensions in the desk’s order with their names', () => {
    const [row] = satisfactionRows([group('A')], (k) => k, ['A', 'B', 'C'], names);
    assert.deepEqual(row, {
      key: 'A',
      label: 'A',
      csat: 4.3,
      csatResponses: 3,
      nps: 33,
      c: 0.77,
      dimensions: [
        { code: 'delivery', name: 'Delivery', c: 0.67 },
        { code: 'price', name: 'Price', c: 0.88 },
      ],
    });
  });

  test('groups follow the given order, unknown keys keep the report’s order after it, no group comes last', () => {
    const rows = satisfactionRows(
      [group(null), group('2026-10'), group('decline'), group('2026-09'), group('formation')],
      (k) => k.toUpperCase(),
      ['formation', 'decline'],
      names,
    );
    assert.deepEqual(
      rows.map((r) => r.label),
      ['FORMATION', 'DECLINE', '2026-10', '2026-09', null],
    );
  });

  test('a group without answers of a kind shows nothing for it, and a dimension the desk no longer asks its code', () => {
    const [row] = satisfactionRows(
      [
        group('B', {
          csat: { responses: 0, average: null, satisfiedPercent: null },
          nps: { responses: 0, nps: null, promoters: 0, passives: 0, detractors: 0 },
          satisfaction: { responses: 1, byDimension: { speed: 1.2 }, overall: 1.2 },
        }),
      ],
      (k) => k,
      [],
      names,
    );
    assert.deepEqual(
      [row.csat, row.nps, row.c, row.dimensions],
      [null, null, 1.2, [{ code: 'speed', name: 'speed', c: 1.2 }]],
    );
  });
});

describe('satisfactionRows by owner or team', () => {
  test('each group is labelled with the name the report gives it, the group without one last', () => {
    const groups = [group(null), group('u2', { name: 'Li Na' }), group('u1', { name: 'Wang Lei' })];
    const named = new Map(groups.map((g) => [g.key, g.name]));
    const rows = satisfactionRows(groups, (key) => named.get(key) ?? key, [], names);
    assert.deepEqual(
      rows.map((r) => [r.key, r.label]),
      [
        ['u2', 'Li Na'],
        ['u1', 'Wang Lei'],
        ['', null],
      ],
    );
  });
});
