import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatDay } from '../src/analytics/civil-days.js';
import { createRandom, type Random } from '../src/analytics/random.js';

const DAYS = 3 * 365;
const FIRST_DAY = Date.UTC(2021, 0, 1) / 86400000;

/**
 * Writes `customer_id,date,amount` rows, in date order, of customers who buy the way BG/NBD says
 * (Fader, Hardie & Lee 2005): each first buys on a day of the first year, then at a Poisson rate
 * λ ~ Gamma(r = 1.2, α = 40 days) and after each purchase drops out with probability
 * p ~ Beta(a = 1, b = 7), until the end of the third year. Customers are added until `rows` is
 * reached (about a million for ten million rows). Amounts scatter log-normally around a mean of
 * the customer's own; 2 % of rows are returns. Ids are a shuffle of 1…N, so that they do not
 * appear in order. Skips the work when the file is already there.
 */
export function generateTransactionsCsv(path: string, rows: number, seed = 42): { customers: number } {
  if (existsSync(path)) return { customers: Number.NaN };
  mkdirSync(dirname(path), { recursive: true });
  const random = createRandom(seed);
  const customer = new Int32Array(rows);
  const day = new Int32Array(rows);
  const amount = new Float64Array(rows);
  let n = 0;
  let customers = 0;
  while (n < rows) {
    n = simulateCustomer(random, customers++, { customer, day, amount }, n);
  }
  const ids = shuffledIds(random, customers);
  writeInDateOrder(path, { customer, day, amount }, ids);
  return { customers };
}

interface Rows {
  customer: Int32Array;
  day: Int32Array;
  amount: Float64Array;
}

function simulateCustomer(random: Random, c: number, out: Rows, n: number): number {
  const rate = random.gamma(1.2, 40);
  const dropout = random.beta(1, 7);
  const mean = Math.exp(3.4 + 0.5 * normal(random));
  let t = random.uniform() * 365;
  while (t < DAYS && n < out.customer.length) {
    out.customer[n] = c;
    out.day[n] = Math.floor(t);
    const value = mean * Math.exp(0.4 * normal(random));
    out.amount[n] = random.uniform() < 0.02 ? -value : value;
    n++;
    if (random.uniform() < dropout) break;
    t += random.exponential(rate);
  }
  return n;
}

function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random.uniform())) * Math.cos(2 * Math.PI * random.uniform());
}

function shuffledIds(random: Random, customers: number): Int32Array {
  const ids = Int32Array.from({ length: customers }, (_, i) => i + 1);
  for (let i = customers - 1; i > 0; i--) {
    const j = Math.floor(random.uniform() * (i + 1));
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  return ids;
}

/** Rows by day (a counting sort: there are only 3 × 365 days), written in batches. */
function writeInDateOrder(path: string, rows: Rows, ids: Int32Array): void {
  const start = new Int32Array(DAYS + 1);
  for (const d of rows.day) start[d + 1]++;
  for (let d = 0; d < DAYS; d++) start[d + 1] += start[d];
  const order = new Int32Array(rows.day.length);
  for (let i = 0; i < rows.day.length; i++) order[start[rows.day[i]]++] = i;
  const dates = Array.from({ length: DAYS }, (_, d) => formatDay(FIRST_DAY + d));
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  writeSync(fd, 'customer_id,date,amount\n');
  for (let from = 0; from < order.length; from += 100_000) {
    const lines: string[] = [];
    for (const i of order.subarray(from, from + 100_000)) {
      lines.push(`${ids[rows.customer[i]]},${dates[rows.day[i]]},${rows.amount[i].toFixed(2)}\n`);
    }
    writeSync(fd, lines.join(''));
  }
  closeSync(fd);
  renameSync(tmp, path);
}
