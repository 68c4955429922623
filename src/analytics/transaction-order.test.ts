import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRandom } from './random.js';
import {
  blockFills,
  blockPlan,
  countRowsByBlock,
  orderBlocks,
  orderByCustomerAndTime,
  stageRows,
  stagingArea,
} from './transaction-order.js';

/** Each customer's (day, amount) pairs in order of day, ties in row order: what the grouping must give. */
function expected(
  customer: Int32Array,
  time: Float64Array,
  amount: Float64Array,
  lastDay: number,
  first: number,
  end: number,
) {
  const groups: [number, number][][] = Array.from({ length: end - first }, () => []);
  for (let i = 0; i < customer.length; i++) {
    if (customer[i] >= first && customer[i] < end && Math.floor(time[i]) <= lastDay)
      groups[customer[i] - first].push([Math.floor(time[i]), amount[i]]);
  }
  return groups.map((g) => g.sort((a, b) => a[0] - b[0]));
}

test('rows grouped by customer and sorted by day, stable, for every share and a cut-off day', () => {
  const random = createRandom(7);
  // More customers than staging blocks, so that blocks hold several customers; long groups too.
  const customers = 3000;
  const n = 40_000;
  const customer = new Int32Array(n);
  const time = new Float64Array(n);
  const amount = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    customer[i] = i < 2000 ? 5 : Math.floor(random.uniform() * customers);
    time[i] = 18000 + Math.floor(random.uniform() * 400) + (random.uniform() < 0.3 ? 0.5 : 0);
    amount[i] = i;
  }
  const tx = { customer, time, amount, customers };
  for (const [first, end, lastDay] of [
    [0, customers, 18400],
    [0, 1234, 18200],
    [1234, customers, 18399],
    [2999, customers, 18100],
  ]) {
    const order = orderByCustomerAndTime(tx, lastDay, first, end);
    const want = expected(customer, time, amount, lastDay, first, end);
    assert.equal(order.start.length, end - first + 1);
    for (let c = 0; c < end - first; c++) {
      const got: [number, number][] = [];
      for (let k = order.start[c]; k < order.start[c + 1]; k++) got.push([order.day[k], order.amount[k]]);
      assert.deepEqual(got, want[c], `customer ${first + c} of share ${first}…${end}`);
    }
  }
});

test('rows counted and staged in two parts, then ordered in two runs of blocks, give the same groups', () => {
  const random = createRandom(11);
  const customers = 2000;
  const n = 30_000;
  const customer = Int32Array.from({ length: n }, () => Math.floor(random.uniform() * customers));
  const time = Float64Array.from({ length: n }, () => 18000 + Math.floor(random.uniform() * 300));
  const amount = Float64Array.from({ length: n }, (_, i) => i);
  const tx = { customer, time, amount, customers };
  const plan = blockPlan(tx, 18250, 0, customers, 40);
  const mid = 12_345;
  const counts = [countRowsByBlock(tx, plan, 0, mid), countRowsByBlock(tx, plan, mid, n)];
  const { blockStart, fills } = blockFills(counts);
  const staged = stagingArea(blockStart[plan.blocks], false);
  // The second part first: each writes only where its fills say.
  stageRows(tx, plan, mid, n, fills[1], staged);
  stageRows(tx, plan, 0, mid, fills[0], staged);
  const split = 17;
  const firstShare = orderBlocks(staged, blockStart, plan, 0, split);
  const secondShare = orderBlocks(staged, blockStart, plan, split, plan.blocks);
  const boundary = split << plan.shift;
  const want = expected(customer, time, amount, 18250, 0, customers);
  const groupOf = (order: ReturnType<typeof orderBlocks>, c: number) => {
    const got: [number, number][] = [];
    for (let k = order.start[c]; k < order.start[c + 1]; k++) got.push([order.day[k], order.amount[k]]);
    return got;
  };
  assert.equal(firstShare.start.length, boundary + 1);
  assert.equal(secondShare.start.length, customers - boundary + 1);
  for (let c = 0; c < customers; c++) {
    const got = c < boundary ? groupOf(firstShare, c) : groupOf(secondShare, c - boundary);
    assert.deepEqual(got, want[c], `customer ${c}`);
  }
});
