import { badRequest } from '../errors.js';
import type { RepeatSummary } from './fit-result.js';

/**
 * A validated repeat summary with identical (x, t_x, T) rows merged into one weighted row. Real
 * summaries repeat few distinct rows (times are whole days, most customers have x = 0), so the
 * likelihood is evaluated once per distinct row. Each row also points into the distinct values of each
 * column, so that terms depending on one column alone (lnΓ(r+x), ln(α+T), ...) are computed once.
 */
export interface GroupedSummary {
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  weights: Float64Array;
  /** Index of each row's frequency in `distinctFrequency`; likewise for recency and T. */
  frequencyIndex: Int32Array;
  distinctFrequency: Float64Array;
  recencyIndex: Int32Array;
  distinctRecency: Float64Array;
  TIndex: Int32Array;
  distinctT: Float64Array;
  /** Sum of the weights: the number of customers. */
  customers: number;
}

export function groupRepeatSummary(data: RepeatSummary): GroupedSummary {
  const { frequency, recency, T, weights } = data;
  const n = frequency.length;
  if (recency.length !== n || T.length !== n || (weights && weights.length !== n)) {
    throw badRequest('frequency, recency, T and weights must have the same length');
  }
  const table = new RowTable(n);
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    validateRow(frequency[i], recency[i], T[i], w, i);
    if (w > 0) table.add(frequency[i] + 0, recency[i] + 0, T[i] + 0, w);
  }
  return table.finish();
}

function validateRow(x: number, tx: number, T: number, w: number, i: number): void {
  if (!(x >= 0 && x < Number.POSITIVE_INFINITY)) {
    invalid('frequency', i, `frequency must be a finite number >= 0, got ${x}`);
  }
  if (!(T > 0 && T < Number.POSITIVE_INFINITY)) invalid('T', i, `T must be a finite number > 0, got ${T}`);
  if (!(tx >= 0 && tx <= T)) invalid('recency', i, `recency must lie in [0, T], got ${tx} with T = ${T}`);
  if (!(w >= 0 && w < Number.POSITIVE_INFINITY)) {
    invalid('weights', i, `weight must be a finite number >= 0, got ${w}`);
  }
}

function invalid(field: string, i: number, message: string): never {
  throw badRequest(`row ${i}: ${message}`, [{ path: `${field}.${i}`, message }]);
}

/** Open-addressing hash table keyed by the bit patterns of the three numbers of a row. */
class RowTable {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly x: Float64Array;
  private readonly tx: Float64Array;
  private readonly t: Float64Array;
  private readonly w: Float64Array;
  private size = 0;
  private readonly bits = new Float64Array(3);
  private readonly words = new Uint32Array(this.bits.buffer);

  constructor(capacity: number) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.slots = new Int32Array(slots).fill(-1);
    this.mask = slots - 1;
    this.x = new Float64Array(capacity);
    this.tx = new Float64Array(capacity);
    this.t = new Float64Array(capacity);
    this.w = new Float64Array(capacity);
  }

  add(x: number, tx: number, t: number, w: number): void {
    let slot = this.hash(x, tx, t);
    for (;;) {
      const row = this.slots[slot];
      if (row < 0) break;
      if (this.x[row] === x && this.tx[row] === tx && this.t[row] === t) {
        this.w[row] += w;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
    const row = this.size++;
    this.slots[slot] = row;
    this.x[row] = x;
    this.tx[row] = tx;
    this.t[row] = t;
    this.w[row] = w;
  }

  private hash(x: number, tx: number, t: number): number {
    this.bits[0] = x;
    this.bits[1] = tx;
    this.bits[2] = t;
    let h = 0x811c9dc5;
    for (let i = 0; i < 6; i++) h = Math.imul(h ^ this.words[i], 0x01000193) ^ (h >>> 15);
    return h & this.mask;
  }

  finish(): GroupedSummary {
    const m = this.size;
    const frequency = this.x.slice(0, m);
    const recency = this.tx.slice(0, m);
    const T = this.t.slice(0, m);
    const weights = this.w.slice(0, m);
    let customers = 0;
    for (let i = 0; i < m; i++) customers += weights[i];
    const [frequencyIndex, distinctFrequency] = indexDistinct(frequency);
    const [recencyIndex, distinctRecency] = indexDistinct(recency);
    const [TIndex, distinctT] = indexDistinct(T);
    return {
      frequency,
      recency,
      T,
      weights,
      frequencyIndex,
      distinctFrequency,
      recencyIndex,
      distinctRecency,
      TIndex,
      distinctT,
      customers,
    };
  }
}

function indexDistinct(values: Float64Array): [Int32Array, Float64Array] {
  const distinct = new Map<number, number>();
  const index = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let k = distinct.get(values[i]);
    if (k === undefined) {
      k = distinct.size;
      distinct.set(values[i], k);
    }
    index[i] = k;
  }
  return [index, Float64Array.from(distinct.keys())];
}
