import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type ChurnFeatureInput,
  churnBands,
  churnContributions,
  churnFeatures,
  fitChurnModel,
  predictChurn,
} from './churn-model.js';

const f = (v: number[]) => Float64Array.from(v);

/** Four customers: a steady buyer, a lapsing one, a one-time buyer, a fading one. */
const input: ChurnFeatureInput = {
  daysSinceLast: f([10, 200, 60, 90]),
  medianInterval: f([30, 20, Number.NaN, 40]),
  frequency: f([5, 2, 0, 1]),
  total: f([600, 150, 40, 200]),
  recentSpend: f([100, 0, 40, 0]),
  previousSpend: f([100, 50, 0, 100]),
  tenureDays: f([400, 300, 60, 200]),
  pNoPurchase: f([0.2, 0.9, 0.5, 0.75]),
};

describe('churnFeatures', () => {
  const features = churnFeatures(input);
  const column = (name: string) => Array.from(features.columns[features.names.indexOf(name as never)]);

  test('the population gap for one-time buyers is the median of the own gaps: 30 days', () => {
    assert.equal(features.populationInterval, 30);
  });

  test('overdue ratio ln((d+1)/(gap+1)): the one-time buyer is measured against the population gap', () => {
    assert.deepEqual(column('overdue_ratio'), [
      Math.log(11 / 31),
      Math.log(201 / 21),
      Math.log(61 / 31),
      Math.log(91 / 41),
    ]);
  });

  test('spend trend (recent − usual) / (recent + usual), 0 without spend either side', () => {
    assert.deepEqual(column('spend_trend'), [0, -1, 1, -1]);
  });

  test('the model’s P(no purchase) enters as its logit; no interaction columns unless given', () => {
    assert.equal(column('model_no_purchase')[0], Math.log(0.2 / 0.8));
    assert.deepEqual(features.names, [
      'model_no_purchase',
      'days_since_last',
      'overdue_ratio',
      'frequency',
      'monetary',
      'spend_trend',
      'tenure',
      'one_time_buyer',
    ]);
    const withSignals = churnFeatures({
      ...input,
      interactions: f([3, 0, 0, 1]),
      openComplaints: f([0, 2, 0, 0]),
    });
    assert.deepEqual(withSignals.names.slice(-2), ['interactions', 'open_complaints']);
  });
});

describe('fitChurnModel and predictChurn', () => {
  test('each customer’s contributions and the intercept add up to the log-odds of the probability', () => {
    const features = churnFeatures(input);
    const model = fitChurnModel(features, Uint8Array.of(0, 1, 1, 0));
    const prediction = predictChurn(model, features);
    for (let i = 0; i < 4; i++) {
      const eta = model.intercept + prediction.contributions.reduce((s, c) => s + c[i], 0);
      assert.ok(Math.abs(prediction.probability[i] - 1 / (1 + Math.exp(-eta))) < 1e-15);
    }
    assert.equal(model.trainingRows, 4);
    assert.equal(model.trainingRate, 0.5);
  });

  test('features are standardised by the training mean and deviation: 0, 2 → mean 1, deviation 1', () => {
    const features = { names: ['days_since_last' as const], columns: [f([0, 2])], populationInterval: 1 };
    const model = fitChurnModel(features, Uint8Array.of(0, 1));
    assert.deepEqual([model.mean, model.sd], [[1], [1]]);
  });

  test('a constant feature gets coefficient 0 and contributes nothing', () => {
    const features = {
      names: ['tenure' as const, 'days_since_last' as const],
      columns: [f([5, 5, 5, 5]), f([1, 2, 3, 4])],
      populationInterval: 1,
    };
    const model = fitChurnModel(features, Uint8Array.of(0, 1, 0, 1));
    assert.equal(model.coefficients[0], 0);
    const terms = churnContributions(model, predictChurn(model, features), 3);
    assert.deepEqual(
      terms.map((t) => t.feature),
      ['days_since_last', 'tenure'],
    );
  });

  test('scoring without a feature the model learnt on is refused', () => {
    const model = fitChurnModel(churnFeatures(input), Uint8Array.of(0, 1, 1, 0));
    const { pNoPurchase: _, ...withoutModel } = input;
    assert.throws(() => predictChurn(model, churnFeatures(withoutModel)), /model_no_purchase/);
  });
});

describe('churnBands', () => {
  test('default bounds 0.5, 0.67, 0.9: low, medium, high, critical', () => {
    assert.deepEqual(Array.from(churnBands(f([0.1, 0.5, 0.67, 0.89, 0.9, 1]))), [0, 1, 2, 2, 3, 3]);
  });

  test('bounds are data a workspace edits; they must ascend', () => {
    assert.deepEqual(Array.from(churnBands(f([0.3, 0.5]), [0.2, 0.4, 0.45])), [1, 3]);
    assert.throws(() => churnBands(f([0.3]), [0.5, 0.4, 0.9]), /ascending/);
  });
});
