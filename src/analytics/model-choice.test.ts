import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadCdnowTransactions } from './cdnow-sample.fixture.js';
import { daysFromCivil } from './civil-days.js';
import { compareRepeatModels } from './model-choice.js';
import { customerSummaries } from './summaries.js';

describe('compareRepeatModels on the CDNOW sample (calibration to 1997-09-30, 39 holdout weeks)', () => {
  const summary = customerSummaries(loadCdnowTransactions('sample'), {
    asOf: daysFromCivil(1997, 9, 30),
    holdoutEnd: daysFromCivil(1998, 6, 30),
    period: 'day',
    unit: 'week',
  });
  const comparison = compareRepeatModels({
    calibration: summary,
    holdoutFrequency: summary.holdoutFrequency,
    holdoutDuration: summary.holdoutDuration,
  });
  const byKind = Object.fromEntries(comparison.models.map((m) => [m.kind, m]));

  test('fits the three models to their published calibration parameters', () => {
    assert.equal(byKind.bgnbd.fit?.params.r.toFixed(3), '0.243');
    assert.equal(byKind.mbgnbd.fit?.params.r.toFixed(3), '0.525');
    assert.equal((byKind['pareto-nbd'].fit!.params as { s: number }).s.toFixed(3), '0.606');
  });

  test('holdout log-likelihoods: MBG/NBD -2314.82 beats BG/NBD -2320.36 and Pareto/NBD -2326.80, so it is chosen', () => {
    assert.deepEqual(
      comparison.models.map((m) => [m.kind, m.holdoutLogLikelihood.toFixed(2)]),
      [
        ['bgnbd', '-2320.36'],
        ['mbgnbd', '-2314.82'],
        ['pareto-nbd', '-2326.80'],
      ],
    );
    assert.equal(comparison.criterion, 'holdout-log-likelihood');
    assert.equal(comparison.chosen, 'mbgnbd');
    assert.equal(comparison.model?.kind, 'mbgnbd');
  });

  test('reports the mean absolute error and totals of the expected holdout purchases beside it', () => {
    assert.equal(byKind.bgnbd.actualTotal, 1882);
    assert.equal(byKind.bgnbd.predictedTotal.toFixed(1), '1653.4');
    assert.equal(byKind.mbgnbd.holdoutMae.toFixed(4), '0.7648');
  });
});

describe('compareRepeatModels without enough data', () => {
  test('no repeat purchase: every model says why it cannot be fitted and none is chosen', () => {
    const f = (v: number[]) => Float64Array.from(v);
    const comparison = compareRepeatModels({
      calibration: { frequency: f([0, 0, 0]), recency: f([0, 0, 0]), T: f([10, 20, 30]) },
      holdoutFrequency: f([0, 1, 0]),
      holdoutDuration: 10,
    });
    assert.equal(comparison.chosen, undefined);
    assert.equal(comparison.model, undefined);
    assert.deepEqual(
      comparison.models.map((m) => m.reason),
      [
        'cannot fit BG/NBD: no customer made a repeat purchase',
        'cannot fit MBG/NBD: no customer made a repeat purchase',
        'cannot fit Pareto/NBD: no customer made a repeat purchase',
      ],
    );
  });

  test('a fit that does not converge is reported but not chosen', () => {
    const f = (v: number[]) => Float64Array.from(v);
    const comparison = compareRepeatModels(
      {
        calibration: { frequency: f([2]), recency: f([30]), T: f([38]) },
        holdoutFrequency: f([1]),
        holdoutDuration: 10,
      },
      { kinds: ['bgnbd'] },
    );
    assert.equal(comparison.models[0].reason, 'the bgnbd fit did not converge');
    assert.equal(comparison.chosen, undefined);
  });
});
