import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ModelDiagnostics } from '../api/types';
import { histogramOption, matrixOption, parameterRows, trackingOption } from './model-charts';

type Series = { data: unknown[]; markLine?: { data: { xAxis: string }[] } }[];

const grid: ModelDiagnostics['frequencyRecency'] = {
  T: 100,
  horizon: 90,
  frequencies: [0, 1, 2],
  recencies: [0, 50, 100],
  pAlive: [
    [0.9, 0.2, 0.1],
    [0.9, 0.5, 0.4],
    [0.9, 0.8, 0.7],
  ],
  expectedPurchases: [
    [0.1, 0.2, 0.3],
    [0.1, 0.5, 0.9],
    [0.1, 1.2, 2.5],
  ],
};
const labels = { frequency: 'f', recency: 'r', value: 'v' };

describe('parameterRows', () => {
  test('each parameter with its standard error and interval, in the fit’s order', () => {
    const rows = parameterRows(
      { r: 0.24, alpha: 4.4 },
      {
        level: 0.9,
        scale: 'log',
        standardErrors: { r: 0.01, alpha: 0.4 },
        intervals: { r: [0.22, 0.26], alpha: [3.8, 5.1] },
      },
    );
    assert.deepEqual(rows, [
      { name: 'r', value: 0.24, standardError: 0.01, lower: 0.22, upper: 0.26 },
      { name: 'alpha', value: 4.4, standardError: 0.4, lower: 3.8, upper: 5.1 },
    ]);
  });

  test('a fit without uncertainty has its estimates and no interval', () => {
    assert.deepEqual(parameterRows({ p: 6 }, null), [
      { name: 'p', value: 6, standardError: null, lower: null, upper: null },
    ]);
  });
});

describe('matrixOption', () => {
  test('one cell per frequency × recency as [frequency index, recency index, value]', () => {
    const option = matrixOption(grid, 'expectedPurchases', labels);
    const data = (option.series as Series)[0].data;
    assert.equal(data.length, 9);
    assert.deepEqual(data[5], [2, 1, 0.9], 'row 1 (recency 50), column 2 (frequency 2)');
    assert.deepEqual((option.yAxis as { data: string[] }).data, ['0', '50', '100']);
  });

  test('P(alive) is scaled 0–1, expected purchases up to their largest cell', () => {
    assert.equal((matrixOption(grid, 'pAlive', labels).visualMap as { max: number }).max, 1);
    assert.equal((matrixOption(grid, 'expectedPurchases', labels).visualMap as { max: number }).max, 2.5);
  });
});

describe('histogramOption', () => {
  test('seen and expected customers side by side per bucket, the model to a tenth', () => {
    const option = histogramOption(
      { frequency: ['0', '1', '2+'], actual: [10, 4, 2], model: [9.46, 4.81, 1.73] },
      { actual: 'seen', model: 'model' },
    );
    const series = option.series as Series;
    assert.deepEqual((option.xAxis as { data: string[] }).data, ['0', '1', '2+']);
    assert.deepEqual(
      series.map((s) => s.data),
      [
        [10, 4, 2],
        [9.5, 4.8, 1.7],
      ],
    );
  });
});

describe('trackingOption', () => {
  const tracking: ModelDiagnostics['tracking'] = {
    kind: 'bgnbd',
    trainingCutoff: '2024-01-10',
    weeks: [
      { weekEnd: '2024-01-07', actual: 3, model: 2.5, actualWeekly: 3, modelWeekly: 2.5 },
      { weekEnd: '2024-01-14', actual: 5, model: 5.04, actualWeekly: 2, modelWeekly: 2.54 },
      { weekEnd: '2024-01-21', actual: 9, model: 7.6, actualWeekly: 4, modelWeekly: 2.56 },
    ],
  };

  test('weekly (incremental) purchases, seen and expected', () => {
    const series = trackingOption(tracking, { actual: 'a', model: 'm', cutoff: 'c' }).series as Series;
    assert.deepEqual(
      series.map((s) => s.data),
      [
        [3, 2, 4],
        [2.5, 2.5, 2.6],
      ],
    );
  });

  test('the end of the training data is marked at the week that holds it', () => {
    const series = trackingOption(tracking, { actual: 'a', model: 'm', cutoff: 'c' }).series as Series;
    assert.deepEqual(series[0].markLine?.data, [{ xAxis: '2024-01-14' }]);
  });
});
