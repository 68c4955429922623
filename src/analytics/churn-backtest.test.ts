import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadCdnowTransactions } from './cdnow-sample.fixture.js';
import { churnBacktest } from './churn-backtest.js';
import { daysFromCivil } from './civil-days.js';

describe('churnBacktest on the CDNOW master file: calibration to 1997-09-30, holdout to 1998-06-30', () => {
  const result = churnBacktest(loadCdnowTransactions('master'), {
    calibrationEnd: daysFromCivil(1997, 9, 30),
    holdoutEnd: daysFromCivil(1998, 6, 30),
  });
  const round = (x: number) => x.toFixed(4);

  test('23,570 customers, 70.06 % of them made no purchase in the holdout', () => {
    assert.equal(result.customers, 23570);
    assert.equal(round(result.lapsedRate), '0.7006');
  });

  test('the churn model ranks lapsed customers above the best baseline: AUC 0.7716 > days since last 0.7594 > BG/NBD 0.7466', () => {
    assert.equal(round(result.churnModel.auc), '0.7716');
    assert.equal(round(result.daysSinceLast.auc), '0.7594');
    assert.equal(result.modelNoPurchase?.kind, 'bgnbd');
    assert.equal(round(result.modelNoPurchase!.auc), '0.7466');
    assert.ok(result.churnModel.auc >= Math.max(result.daysSinceLast.auc, result.modelNoPurchase!.auc));
  });

  test('and its probabilities are the closest to what happened: Brier 0.1594 against 0.1995 and 0.1654', () => {
    assert.equal(round(result.churnModel.brier), '0.1594');
    assert.equal(round(result.daysSinceLast.brier), '0.1995');
    assert.equal(round(result.modelNoPurchase!.brier), '0.1654');
  });

  test('its reliability table: ten deciles whose mean prediction stays within 0.08 of the observed rate', () => {
    const table = result.churnModel.reliability;
    assert.equal(table.length, 10);
    assert.equal(
      table.reduce((s, b) => s + b.count, 0),
      23570,
    );
    for (const bin of table)
      assert.ok(Math.abs(bin.meanPredicted - bin.observed) < 0.08, JSON.stringify(bin));
  });
});
