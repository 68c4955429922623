import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { heatRows, segmentOfCell } from './rfm-grid';

describe('segmentOfCell', () => {
  test('maps the corners and the middle as the server does', () => {
    assert.equal(segmentOfCell(5, 5), 'Champions');
    assert.equal(segmentOfCell(5, 1), 'New');
    assert.equal(segmentOfCell(1, 1), 'Lost');
    assert.equal(segmentOfCell(1, 5), "Can't Lose Them");
    assert.equal(segmentOfCell(3, 3), 'Need Attention');
  });
});

describe('segmentOfCell on other bins', () => {
  test('three bins map their ends onto the five-point ends and the middle onto the middle', () => {
    assert.equal(segmentOfCell(3, 3, 3), 'Champions');
    assert.equal(segmentOfCell(1, 1, 3), 'Lost');
    assert.equal(segmentOfCell(2, 2, 3), 'Need Attention');
  });
});

describe('heatRows', () => {
  test('a report on three bins is a 3 × 3 table, best recency first', () => {
    const rows = heatRows([{ r: 3, f: 1, count: 4, revenue: '10.00' }], 3);
    assert.deepEqual(
      rows.map((row) => row.map((c) => `${c.r}${c.f}`)),
      [
        ['31', '32', '33'],
        ['21', '22', '23'],
        ['11', '12', '13'],
      ],
    );
    assert.equal(rows[0][0].heat, 1);
  });

  test('puts R = 5 on top and F = 1 on the left, with heat relative to the fullest cell', () => {
    const grid = [
      { r: 5, f: 1, count: 10, revenue: '100.00' },
      { r: 1, f: 5, count: 40, revenue: '900.00' },
    ];
    const rows = heatRows(grid);
    assert.deepEqual(
      rows.map((row) => row[0].r),
      [5, 4, 3, 2, 1],
    );
    assert.deepEqual(
      rows[0].map((c) => c.f),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(rows[0][0], { r: 5, f: 1, count: 10, revenue: '100.00', segment: 'New', heat: 0.25 });
    assert.equal(rows[4][4].heat, 1);
    assert.equal(rows[2][2].count, 0);
  });

  test('an empty workspace has no heat anywhere rather than dividing by zero', () => {
    assert.ok(
      heatRows([])
        .flat()
        .every((c) => c.heat === 0 && c.count === 0),
    );
  });
});
