import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CHURN_BANDS } from '../analytics/churn-model.js';
import { parseIsoDay } from '../analytics/civil-days.js';
import { createRandom } from '../analytics/random.js';
import type { TransactionColumns } from '../analytics/summaries.js';
import { fitWorkspaceModel } from '../scoring/workspace-model.js';
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

test('values computed on a thread of their own are those computed here, with the workspace fit', async () => {
  const data = columns();
  const asOf = parseIsoDay('2024-12-31');
  const job: ValueJob = {
    columns: data,
    asOf,
    model: fitWorkspaceModel(data, asOf),
    churnBands: DEFAULT_CHURN_BANDS,
  };
  assert.ok(job.model.repeat?.converged, 'a repeat model was chosen');
  const here = await computeValues(job);
  assert.ok(here.predictions, 'and used to predict');
  assert.deepEqual(await computeValuesInThread(job), here);
});

test('a failure on the thread reaches the caller', async () => {
  const job = { columns: null, asOf: 0, model: null } as unknown as ValueJob;
  await assert.rejects(computeValuesInThread(job));
});
