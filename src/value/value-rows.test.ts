import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WorkspaceModel } from '../scoring/workspace-model.js';
import { computeCustomerValues } from './customer-values.js';
import { VALUE_COLUMNS, valueLines } from './value-rows.js';

const column = (name: string) => VALUE_COLUMNS.findIndex(([n]) => n === name);

test('a predicted spend or CLV no money column can hold is stored as none, the rest as computed', async () => {
  // Two customers with repeat purchases, scored with fixed parameters.
  const columns = {
    customer: Int32Array.of(0, 0, 0, 1, 1),
    time: Float64Array.of(19000, 19030, 19060, 19010, 19050),
    amount: Float64Array.of(100, 120, 80, 40, 60),
    customers: 2,
  };
  const fit = { logLikelihood: 0, n: 2, converged: true };
  const model: WorkspaceModel = {
    asOf: '2022-01-08',
    data: { customers: 2, repeatBuyers: 2, historyDays: 100 },
    reason: null,
    repeat: { kind: 'bgnbd', params: { r: 0.5, alpha: 20, a: 0.5, b: 2 }, ...fit },
    comparison: null,
    gammaGamma: { params: { p: 6, q: 4, gamma: 15 }, ...fit },
    // A churn model that gives everyone even odds: a value at risk of CLV × 50 %.
    churn: {
      features: ['days_since_last'],
      mean: [0],
      sd: [1],
      intercept: 0,
      coefficients: [0],
      populationInterval: 30,
      trainingRows: 2,
      trainingRate: 0.5,
      converged: true,
    },
    churnCheck: null,
  };
  const values = await computeCustomerValues(columns, 19100, model);
  const predictions = values.predictions!;
  // As a fit that wandered off on a tiny workspace left them.
  predictions.clv![0] = 1.9e22;
  predictions.expectedAvgSpend![0] = 2e16;
  const [first, second] = valueLines(values, ['c0', 'c1'], 0, 2)
    .split('\n')
    .map((line) => line.split('\t'));
  assert.equal(first[column('clv')], '');
  assert.equal(first[column('expected_avg_spend')], '');
  assert.equal(first[column('churn_risk')], '50');
  assert.equal(first[column('value_at_risk')], '0.00', 'no CLV, no value at risk');
  assert.ok(Number(second[column('clv')]) > 0);
  assert.equal(second[column('clv')], predictions.clv![1].toFixed(2));
  assert.equal(Number(second[column('expected_avg_spend')]), predictions.expectedAvgSpend![1]);
  assert.equal(second[column('value_at_risk')], (Math.round(predictions.clv![1] * 100) / 200).toFixed(2));
});

test('without a churn model the risk, its level and the value at risk are stored as none, with the reason', async () => {
  const columns = {
    customer: Int32Array.of(0, 0),
    time: Float64Array.of(19000, 19030),
    amount: Float64Array.of(100, 120),
    customers: 1,
  };
  const model: WorkspaceModel = {
    asOf: '2022-01-08',
    data: { customers: 1, repeatBuyers: 1, historyDays: 100 },
    reason: 'too-few-customers',
    repeat: null,
    comparison: null,
    gammaGamma: null,
    churn: null,
    churnCheck: null,
  };
  const [row] = valueLines(await computeCustomerValues(columns, 19100, model), ['c0'], 0, 1)
    .split('\n')
    .map((line) => line.split('\t'));
  const at = (name: string) => row[column(name)];
  assert.deepEqual(
    [
      'churn_risk',
      'churn_level',
      'churn_reasons',
      'value_at_risk',
      'value_at_risk_band',
      'churn_absent_reason',
    ].map(at),
    ['', '', '[]', '', '', 'too-few-customers'],
  );
});
