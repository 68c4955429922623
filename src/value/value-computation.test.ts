import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseIsoDay } from '../analytics/civil-days.js';
import { createRandom } from '../analytics/random.js';
import type { TransactionColumns } from '../analytics/summaries.js';
import { computeValues, computeValuesInThread, type ValueJob } from './value-computation.js';

/** 3,000 customers buying at their own pace over two years, in time order per customer. */
function columns(): TransactionColumns {
  const random = createRandom(20261126);
  const customer: number[] = [];
  const time: number[] = [];
  const amount: number[] = [];
  const start = parseIsoDay('2023-01-01');
  const customers = 3000;
  for (let k = 0; k < customers; k++) {
    const gap = 5 + random.uniform() * 120;
    const stop = start + 60 + random.uniform() * 700;
    for (
      let day = start + Math.floor(random.uniform() * 300);
      day < stop;
      day += 1 + Math.floor(random.exponential(1 / gap))
    ) {
      customer.push(k);
      time.push(day);
      amount.push(Math.round(1000 + random.uniform() * 40000) / 100);
    }
  }
  return {
    customer: Int32Array.from(customer),
    time: Float64Array.from(time),
    amount: Float64Array.from(amount),
    customers,
    timeUnit: 'days',
  };
}

test('values computed on a thread of their own are those computed here, with a new fit and with a stored one', async () => {
  const job: ValueJob = {
    columns: columns(),
    asOf: parseIsoDay('2024-12-31'),
    refit: true,
    stored: { bgnbd: null, gammaGamma: null },
    backtestEnd: null,
  };
  const here = await computeValues(job);
  assert.ok(here.models?.bgnbd?.converged, 'BG/NBD fitted');
  assert.ok(here.models?.backtest, 'with its backtest');
  assert.ok(here.values.predictions, 'and used to predict');
  assert.deepEqual(await computeValuesInThread(job), here);

  const stored = { bgnbd: here.models.bgnbd.params, gammaGamma: here.models.gammaGamma?.params ?? null };
  const again = { ...job, refit: false, stored };
  const reused = await computeValues(again);
  assert.equal(reused.models, null);
  assert.deepEqual(reused.values.predictions, here.values.predictions);
  assert.deepEqual(await computeValuesInThread(again), reused);
});

test('a failure on the thread reaches the caller', async () => {
  const job = { columns: null, asOf: 0, refit: true } as unknown as ValueJob;
  await assert.rejects(computeValuesInThread(job));
});
