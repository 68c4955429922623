import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatDay } from '../src/analytics/civil-days.js';
import { createRandom, type Random } from '../src/analytics/random.js';
import { customerIdTexts, type IdShape } from './customer-id-shapes.js';

const DAYS = 3 * 365;
const FIRST_DAY = Date.UTC(2021, 0, 1) / 86400000;

/** Simulated transactions: customer numbers 0…customers−1 (`ids` maps them to 1…N), days, amounts. */
export interface SimulatedTransactions {
  customer: Int32Array;
  day: Int32Array;
  amount: Float64Array;
  customers: number;
  /** A shuffle of 1…N: customer c is known as ids[c], so that ids do not appear in order. */
  ids: Int32Array;
}

/**
 * Writes `customer_id,date,amount` rows, in date order, of customers who buy the way BG/NBD says
 * (see {@link simulateTransactions}), ids a shuffle of 1…N. Skips the work when the file is already
 * there.
 */
export function generateTransactionsCsv(path: string, rows: number, seed = 42): { customers: number } {
  if (existsSync(path)) return { customers: Number.NaN };
  const sim = simulateTransactions(rows, seed);
  const ids = Array.from(sim.ids, String);
  writeRows(path, 'customer_id,date,amount\n', rowsByDate(sim), (i) => {
    return `${ids[sim.customer[i]]},${DATES[sim.day[i]]},${sim.amount[i].toFixed(2)}\n`;
  });
  return { customers: sim.customers };
}

/**
 * Each customer first buys on a day of the first year, then at a Poisson rate λ ~ Gamma(r = 1.2,
 * α = 40 days) and after each purchase drops out with probability p ~ Beta(a = 1, b = 7) (Fader,
 * Hardie & Lee 2005), until the end of the third year. Customers are added until `rows` is reached
 * (about a million for ten million rows). Amounts scatter log-normally around a mean of the
 * customer's own; 2 % of rows are returns. A customer's rows are consecutive and in date order.
 */
export function simulateTransactions(rows: number, seed = 42): SimulatedTransactions {
  const random = createRandom(seed);
  const out = { customer: new Int32Array(rows), day: new Int32Array(rows), amount: new Float64Array(rows) };
  let n = 0;
  let customers = 0;
  while (n < rows) n = simulateCustomer(random, customers++, out, n);
  return { ...out, customers, ids: shuffledIds(random, customers) };
}

export const ROW_ORDERS = ['date', 'customer', 'random'] as const;
export type RowOrder = (typeof ROW_ORDERS)[number];

/**
 * The same transactions as a file a shop might export: `customer_id,date,product,amount`, ids in
 * the given shape, rows by date, by customer (their number, then date) or shuffled (seeded). The
 * product is quoted where it must be (a comma or a quote inside, as CSV writers do by default)
 * and an eighth of the lines quote the customer id too, as some exporters quote every text.
 */
export function writeShapedTransactionsCsv(
  path: string,
  sim: SimulatedTransactions,
  shape: IdShape,
  order: RowOrder,
  seed = 42,
): void {
  if (existsSync(path)) return;
  const random = createRandom(seed + 1);
  const texts = customerIdTexts(shape, sim.customers, random);
  const quoted = texts.map((t) => `"${t}"`);
  const ordered =
    order === 'date' ? rowsByDate(sim) : order === 'customer' ? rowsByCustomer(sim) : shuffled(sim, random);
  writeRows(path, 'customer_id,date,product,amount\n', ordered, (i) => {
    const id = sim.ids[sim.customer[i]];
    const text = Math.imul(i, 0x9e3779b1) >>> 29 === 0 ? quoted[id] : texts[id];
    return `${text},${DATES[sim.day[i]]},${PRODUCTS[i % PRODUCTS.length]},${sim.amount[i].toFixed(2)}\n`;
  });
}

const DATES = Array.from({ length: DAYS }, (_, d) => formatDay(FIRST_DAY + d));
const PRODUCTS = [
  'green tea',
  '"tea, green"',
  'mug',
  '"mug ""panda"""',
  'gift card',
  '"rice, 5 kg"',
  'noodles',
];

function simulateCustomer(
  random: Random,
  c: number,
  out: Pick<SimulatedTransactions, 'customer' | 'day' | 'amount'>,
  n: number,
): number {
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

/** Row indices by a small integer key, stably (a counting sort). */
function countingOrder(keys: Int32Array, size: number): Int32Array {
  const start = new Int32Array(size + 1);
  for (const k of keys) start[k + 1]++;
  for (let k = 0; k < size; k++) start[k + 1] += start[k];
  const order = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) order[start[keys[i]]++] = i;
  return order;
}

const rowsByDate = (sim: SimulatedTransactions) => countingOrder(sim.day, DAYS);

/** By id number; a customer's rows are consecutive and by date already, which the stable sort keeps. */
function rowsByCustomer(sim: SimulatedTransactions): Int32Array {
  const keys = new Int32Array(sim.customer.length);
  for (let i = 0; i < keys.length; i++) keys[i] = sim.ids[sim.customer[i]];
  return countingOrder(keys, sim.customers + 1);
}

function shuffled(sim: SimulatedTransactions, random: Random): Int32Array {
  const order = Int32Array.from({ length: sim.customer.length }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random.uniform() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** The rows in the given order, written in batches to a temporary file renamed when complete. */
function writeRows(path: string, header: string, order: Int32Array, line: (row: number) => string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  writeSync(fd, header);
  for (let from = 0; from < order.length; from += 100_000) {
    const lines: string[] = [];
    for (const i of order.subarray(from, from + 100_000)) lines.push(line(i));
    writeSync(fd, lines.join(''));
  }
  closeSync(fd);
  renameSync(tmp, path);
}
