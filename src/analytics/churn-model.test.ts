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
  });

  test('service signals: counts as ln(1 + n), the satisfaction drop as a share in [0, 1]', () => {
    const withSignals = churnFeatures({
      ...input,
      interactions: f([3, 0, 0, 1]),
      openComplaints: f([0, 2, 0, 0]),
      slaBreaches: f([0, 0, 1, 0]),
      satisfactionDrop: f([0, 0.4, 0, 1.5]),
    });
    const signal = (name: string) =>
      Array.from(withSignals.columns[withSignals.names.indexOf(name as never)]);
    assert.deepEqual(withSignals.names.slice(-4), [
      'recent_interactions',
      'open_complaints',
      'sla_breaches',
      'satisfaction_drop',
    ]);
    assert.deepEqual(signal('recent_interactions'), [Math.log(4), 0, 0, Math.log(2)]);
    assert.deepEqual(signal('open_complaints'), [0, Math.log(3), 0, 0]);
    assert.deepEqual(signal('sla_breaches'), [0, 0, Math.log(2), 0]);
    assert.deepEqual(signal('satisfaction_drop'), [0, 0.4, 0, 1]);
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

  test('a signal the same for every training row is left out; a base feature is kept', () => {
    const withSignals = churnFeatures({
      ...input,
      tenureDays: f([100, 100, 100, 100]),
      interactions: f([0, 0, 0, 0]),
      openComplaints: f([0, 2, 1, 0]),
      slaBreaches: f([1, 1, 1, 1]),
      satisfactionDrop: f([0, 0, 0, 0]),
    });
    const labels = Uint8Array.of(0, 1, 1, 0);
    const model = fitChurnModel(withSignals, labels);
    assert.ok(model.features.includes('tenure'));
    assert.deepEqual(model.features.slice(-1), ['open_complaints']);
    for (const dropped of ['recent_interactions', 'sla_breaches', 'satisfaction_drop'] as const)
      assert.ok(!model.features.includes(dropped), dropped);
    // Without variance in any signal, the model is the one learnt without signals.
    const flat = churnFeatures({ ...input, interactions: f([2, 2, 2, 2]), openComplaints: f([0, 0, 0, 0]) });
    assert.deepEqual(fitChurnModel(flat, labels), fitChurnModel(churnFeatures(input), labels));
  });

  test('open complaints learnt as a sign of lapsing raise the risk of an otherwise identical customer', () => {
    // Forty customers alike but for their recency and complaints: of the twenty with one, fifteen
    // lapsed; of the twenty without, five.
    const n = 40;
    const same = (v: number) => new Float64Array(n).fill(v);
    const training = churnFeatures({
      daysSinceLast: Float64Array.from({ length: n }, (_, i) => 10 + (i % 10)),
      medianInterval: same(30),
      frequency: same(3),
      total: same(300),
      recentSpend: same(100),
      previousSpend: same(100),
      tenureDays: same(400),
      openComplaints: Float64Array.from({ length: n }, (_, i) => (i < 20 ? 1 : 0)),
    });
    const labels = Uint8Array.from({ length: n }, (_, i) =>
      i < 20 ? (i % 4 !== 0 ? 1 : 0) : i % 4 === 0 ? 1 : 0,
    );
    const model = fitChurnModel(training, labels);
    const prediction = predictChurn(model, training);
    // Customers 3 and 23 differ only by the complaint.
    assert.ok(prediction.probability[3] > prediction.probability[23]);
    const terms = churnContributions(model, prediction, 3);
    assert.ok(terms.find((t) => t.feature === 'open_complaints')!.contribution > 0);
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
