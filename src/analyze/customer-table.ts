import { ABC_CLASSES } from '../analytics/abc.js';
import { CHURN_LEVELS } from '../analytics/churn.js';
import { formatDay } from '../analytics/civil-days.js';
import { CN_CLASSES, RFM_SEGMENTS } from '../analytics/rfm.js';
import type { CustomerSummary } from '../analytics/summaries.js';
import { ByteWriter, MAX_FIXED, putDigits, putFixed } from './byte-writer.js';
import type { CustomerAnalysis } from './customer-analysis.js';
import { type SharedChunks, sharedChunks, takeFront } from './shared-chunks.js';

type Numbers = Float64Array | Int32Array | Uint8Array;

/**
 * One output column as data the writer indexes directly: a million rows of two dozen columns
 * make a call per cell the bulk of the writing time.
 */
export type Column =
  | { name: string; kind: 'number'; values: Float64Array | undefined; decimals: number }
  /** Codes into a table of encoded texts that need no quoting or escaping; `numeric` texts are numbers. */
  | { name: string; kind: 'code'; codes: Int32Array | Uint8Array; texts: Uint8Array[]; numeric?: boolean }
  | { name: string; kind: 'id'; customers: Int32Array };

/** How customer ids are read back: all-digit ids as numbers (no string per row), others as text. */
export interface CustomerIds {
  idOf(customer: number): string;
  digitsOf(customer: number): number;
  numericValue(customer: number): number;
  /** Copies a text id's bytes to `buf[pos…]`: the position after them, or −1 when it needs quotes. */
  putText(customer: number, buf: Uint8Array, pos: number): number;
  textLengthOf(customer: number): number;
}

// One array type per kind keeps the element reads in the write loop monomorphic: numbers as
// doubles, codes as 32-bit integers or, for scores and classes, bytes as they come. Converted
// columns go to shared memory, where a thread that helps to write them reads them without a copy.
const num = (name: string, decimals: number, values: Numbers | undefined): Column => ({
  name,
  kind: 'number',
  values: values && (values instanceof Float64Array ? values : sharedCopy(Float64Array, values)),
  decimals,
});
const code = (name: string, codes: Numbers, texts: readonly string[] | Uint8Array[]): Column => ({
  name,
  kind: 'code',
  codes: codes instanceof Float64Array ? sharedCopy(Int32Array, codes) : codes,
  texts: texts.map((t) => (typeof t === 'string' ? Buffer.from(t) : t)),
});

function sharedCopy<T extends Float64Array | Int32Array>(
  type: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
  values: Numbers,
): T {
  const copy = new type(new SharedArrayBuffer(values.length * type.BYTES_PER_ELEMENT));
  copy.set(values);
  return copy;
}

/** The output columns, in order; model columns stay empty (null in JSON) without a model. */
export function customerColumns(
  a: CustomerAnalysis,
  fromSummary: SummaryColumns = summaryColumns(a.summary, a.daysSinceLast),
): Column[] {
  const s = a.summary;
  const p = a.predictions;
  return [
    { name: 'customer_id', kind: 'id', customers: s.customer },
    fromSummary.transactions,
    num('total', 2, s.total),
    fromSummary.firstPurchase,
    fromSummary.lastPurchase,
    fromSummary.frequency,
    fromSummary.recency,
    fromSummary.T,
    num('monetary_value', 2, s.monetaryValue),
    num('median_interval_days', 1, s.medianInterval),
    fromSummary.daysSinceLast,
    wholeNumbers('r', a.rfm.r),
    wholeNumbers('f', a.rfm.f),
    wholeNumbers('m', a.rfm.m),
    code('rfm_segment', a.segment, RFM_SEGMENTS),
    code('cn_class', a.cnClass, CN_CLASSES),
    code('abc', a.abc, ABC_CLASSES),
    num('p_alive', 4, p?.pAlive),
    num('expected_purchases', 4, p?.expectedPurchases),
    num('expected_purchases_low', 4, p?.intervals?.expectedPurchases.lower),
    num('expected_purchases_high', 4, p?.intervals?.expectedPurchases.upper),
    num('expected_avg_spend', 2, p?.expectedAvgSpend),
    num('clv', 2, p?.clv),
    num('clv_low', 2, p?.intervals?.clv?.lower),
    num('clv_high', 2, p?.intervals?.clv?.upper),
    num('churn_risk', 1, a.churn.risk),
    code('churn_level', a.churn.level, CHURN_LEVELS),
    code('churn_reasons', a.churn.reasons, a.churn.reasonTexts),
  ];
}

/** The columns converted from the summary alone: most of the converting, which a helper can do meanwhile. */
export interface SummaryColumns {
  transactions: Column;
  firstPurchase: Column;
  lastPurchase: Column;
  frequency: Column;
  recency: Column;
  T: Column;
  daysSinceLast: Column;
}

export function summaryColumns(s: CustomerSummary, daysSinceLast: Float64Array): SummaryColumns {
  const { firstDay, lastDay, first, last } = dayCodes(s.first, s.last);
  const dates = Array.from({ length: Math.max(0, lastDay - firstDay + 1) }, (_, k) =>
    formatDay(firstDay + k),
  );
  return {
    transactions: wholeNumbers('transactions', s.transactions),
    firstPurchase: code('first_purchase', first, dates),
    lastPurchase: code('last_purchase', last, dates),
    frequency: wholeNumbers('frequency', s.frequency),
    recency: keyed('recency', 4, s.recency, spans(first, last), dates.length),
    T: keyed('T', 4, s.T, first, dates.length),
    daysSinceLast: keyed('days_since_last', 0, daysSinceLast, last, dates.length),
  };
}

/** Below this, whole numbers are written from a table of their texts. */
const WHOLE_TEXTS = 1 << 16;

/**
 * A column of counts or scores: when every value is a whole number below WHOLE_TEXTS, written from
 * a table of their texts, a copy per cell rather than digits worked out one by one. Otherwise a
 * number column, as `num` makes.
 */
export function wholeNumbers(name: string, values: Numbers): Column {
  let largest = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= 0 && v < WHOLE_TEXTS && Number.isInteger(v))) return num(name, 0, values);
    if (v > largest) largest = v;
  }
  const texts = Array.from({ length: largest + 1 }, (_, k) => String(k));
  return code(name, values, texts);
}

/**
 * A number column written from a table of its values' texts, when the value is a function of an
 * integer key below `keys` (T of the first purchase day, days since the last of the last one):
 * formatted once per key rather than once per row. Otherwise a number column, as `num` makes.
 */
export function keyed(
  name: string,
  decimals: number,
  values: Float64Array,
  key: Int32Array,
  keys: number,
): Column {
  const seen = new Int32Array(keys).fill(-1);
  for (let i = 0; i < values.length; i++) {
    const k = key[i];
    const at = seen[k];
    if (at < 0) seen[k] = i;
    else if (!Object.is(values[at], values[i])) return num(name, decimals, values);
  }
  const scratch = Buffer.allocUnsafe(MAX_FIXED);
  const texts = Array.from(seen, (at) =>
    Buffer.from(at < 0 ? '' : scratch.toString('latin1', 0, putFixed(scratch, 0, values[at], decimals))),
  );
  return { name, kind: 'code', codes: key, texts, numeric: true };
}

/** Days from the first purchase to the last, as codes like theirs. */
function spans(first: Int32Array, last: Int32Array): Int32Array {
  const span = new Int32Array(new SharedArrayBuffer(first.length * 4));
  for (let i = 0; i < span.length; i++) span[i] = last[i] - first[i];
  return span;
}

/** The date range, and each first and last purchase day as a code from its start (loops, not map()). */
function dayCodes(firstDays: Float64Array, lastDays: Float64Array) {
  let firstDay = Number.POSITIVE_INFINITY;
  let lastDay = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < firstDays.length; i++) {
    firstDay = Math.min(firstDay, firstDays[i]);
    lastDay = Math.max(lastDay, lastDays[i]);
  }
  const first = new Int32Array(new SharedArrayBuffer(firstDays.length * 4));
  const last = new Int32Array(new SharedArrayBuffer(lastDays.length * 4));
  for (let i = 0; i < first.length; i++) {
    first[i] = firstDays[i] - firstDay;
    last[i] = lastDays[i] - firstDay;
  }
  return { firstDay, lastDay, first, last };
}

/**
 * Writes rows of a CSV table elsewhere (in another thread, see table-rows.ts): the chunks of
 * `chunkRows` rows it takes from the back of `chunks`, as bytes in the order of the rows.
 */
export type RowWriter = (
  columns: Column[],
  chunks: SharedChunks,
  chunkRows: number,
  rows: number,
) => Promise<Uint8Array[]>;

/** From this many rows on, a row writer shares the writing of a CSV table. */
const SHARED_FROM = 50_000;
/** Rows per chunk of shared writing: a few megabytes of text. */
const CHUNK_ROWS = 16_384;

/**
 * Writes the table as CSV (RFC 4180 quoting where needed) or as a JSON array of objects, and
 * returns its size in bytes. With a row writer, a large CSV table is written by two threads at
 * once: this one takes chunks of rows from the front and writes them out as it goes, the writer
 * takes chunks from the back, so that its share follows this one's and both end together.
 */
export async function writeCustomerTable(
  fd: number,
  columns: Column[],
  ids: CustomerIds,
  rows: number,
  format: 'csv' | 'json',
  helper?: RowWriter,
): Promise<number> {
  const out = new ByteWriter(fd);
  if (format === 'json') writeJson(out, columns, ids, rows);
  else {
    out.text(`${columns.map((c) => c.name).join(',')}\n`);
    if (helper && rows >= SHARED_FROM) {
      const chunks = sharedChunks(0, Math.ceil(rows / CHUNK_ROWS));
      const rest = helper(columns, chunks, CHUNK_ROWS, rows);
      rest.catch(() => undefined);
      const layout = rowLayout(columns);
      for (let c = takeFront(chunks); c >= 0; c = takeFront(chunks))
        writeCsvRows(out, layout, ids, c * CHUNK_ROWS, Math.min(rows, (c + 1) * CHUNK_ROWS));
      for (const chunk of await rest) out.through(chunk);
    } else writeCsvRows(out, rowLayout(columns), ids, 0, rows);
  }
  out.flush();
  return out.written;
}

/**
 * The columns taken apart for writing rows: arrays of one type each, and the texts of every code
 * column in one run of bytes. Read through the column objects of three kinds, every cell would
 * cost a polymorphic lookup, and a copy from a text object of its own a call, more than writing it.
 */
export interface RowLayout {
  kind: Uint8Array;
  decimals: Int32Array;
  values: Float64Array[];
  /** Codes of CODE columns, and of SCORE columns (scores, segments and classes: bytes, not copied). */
  codes: Int32Array[];
  scores: Uint8Array[];
  /** Index in `starts` of each code column's first text. */
  base: Int32Array;
  /** Text t is bytes starts[t]…starts[t + 1] − 1 of `texts`, which has three bytes more at its end. */
  starts: Int32Array;
  texts: DataView;
  customers: Int32Array;
  /** Room a row takes at most (an id kept as text is written apart, through the writer). */
  bound: number;
}

export function rowLayout(columns: Column[]): RowLayout {
  const n = columns.length;
  const kind = new Uint8Array(n);
  const decimals = new Int32Array(n);
  const base = new Int32Array(n);
  const values: Float64Array[] = [];
  const codes: Int32Array[] = [];
  const scores: Uint8Array[] = [];
  const texts: Uint8Array[] = [];
  let customers: Int32Array = NO_CODES;
  // A number is at most MAX_FIXED bytes, a code its longest text, an id 32 digits.
  // Texts are copied four bytes at a time, the last copy reaching up to three bytes past the text.
  let bound = n + 4;
  for (const [c, column] of columns.entries()) {
    values.push(column.kind === 'number' && column.values ? column.values : NO_VALUES);
    codes.push(column.kind === 'code' && column.codes instanceof Int32Array ? column.codes : NO_CODES);
    scores.push(column.kind === 'code' && column.codes instanceof Uint8Array ? column.codes : NO_SCORES);
    base[c] = texts.length;
    // Loops, not spread arguments: a table of whole numbers holds up to 65,536 texts.
    let longest = 0;
    if (column.kind === 'code') {
      for (const text of column.texts) {
        texts.push(text);
        longest = Math.max(longest, text.length);
      }
    }
    if (column.kind === 'number') decimals[c] = column.decimals;
    if (column.kind === 'id') customers = column.customers;
    if (column.kind === 'number') kind[c] = column.values ? NUMBER : EMPTY;
    else if (column.kind === 'code') kind[c] = column.codes instanceof Uint8Array ? SCORE : CODE;
    else kind[c] = ID;
    bound += column.kind === 'number' ? MAX_FIXED : column.kind === 'code' ? longest : 32;
  }
  const starts = new Int32Array(texts.length + 1);
  for (let t = 0; t < texts.length; t++) starts[t + 1] = starts[t] + texts[t].length;
  const bytes = new Uint8Array(starts[texts.length] + 3);
  for (let t = 0; t < texts.length; t++) bytes.set(texts[t], starts[t]);
  const view = new DataView(bytes.buffer);
  return { kind, decimals, values, codes, scores, base, starts, texts: view, customers, bound };
}

/** Rows `from…to` as CSV lines. */
export function writeCsvRows(
  out: ByteWriter,
  layout: RowLayout,
  ids: CustomerIds,
  from: number,
  to: number,
): void {
  const { kind, decimals, values, codes, scores, base, starts, texts, customers, bound } = layout;
  const n = kind.length;
  let buf = out.buffer;
  let view = viewOf(buf);
  for (let r = from; r < to; r++) {
    out.room(bound);
    if (out.buffer !== buf) {
      buf = out.buffer;
      view = viewOf(buf);
    }
    let pos = out.position;
    for (let c = 0; c < n; c++) {
      if (c > 0) buf[pos++] = 44;
      const k = kind[c];
      if (k === NUMBER) pos = putFixed(buf, pos, values[c][r], decimals[c]);
      else if (k === CODE || k === SCORE) {
        // Four bytes at a time: a byte loop took a third of the writing.
        const t = base[c] + (k === CODE ? codes[c][r] : scores[c][r]);
        const s = starts[t];
        const length = starts[t + 1] - s;
        for (let i = 0; i < length; i += 4) view.setUint32(pos + i, texts.getUint32(s + i));
        pos += length;
      } else if (k === ID) {
        const customer = customers[r];
        const digits = ids.digitsOf(customer);
        if (digits > 0) pos = putDigits(buf, pos, ids.numericValue(customer), digits, 0);
        else {
          // Text ids are copied from the interner's bytes; only those that need quotes make a string.
          out.moveTo(pos);
          out.room(bound + ids.textLengthOf(customer));
          buf = out.buffer;
          view = viewOf(buf);
          pos = ids.putText(customer, buf, out.position);
          if (pos < 0) {
            out.text(csvField(ids.idOf(customer)));
            out.room(bound);
            buf = out.buffer;
            view = viewOf(buf);
            pos = out.position;
          }
        }
      }
    }
    buf[pos++] = 10;
    out.moveTo(pos);
  }
}

const viewOf = (buf: Buffer) => new DataView(buf.buffer, buf.byteOffset, buf.length);

const EMPTY = 0;
const NUMBER = 1;
const CODE = 2;
const ID = 3;
const SCORE = 4;
const NO_VALUES = new Float64Array(0);
const NO_CODES = new Int32Array(0);
const NO_SCORES = new Uint8Array(0);

function writeId(out: ByteWriter, ids: CustomerIds, customer: number, quote: (s: string) => string): void {
  const digits = ids.digitsOf(customer);
  if (digits === 0) out.text(quote(ids.idOf(customer)));
  else out.paddedInt(ids.numericValue(customer), digits);
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function writeJson(out: ByteWriter, columns: Column[], ids: CustomerIds, rows: number): void {
  const keys = columns.map((c, i) => Buffer.from(`${i === 0 ? '{' : ','}${JSON.stringify(c.name)}:`));
  out.byte(91);
  for (let r = 0; r < rows; r++) {
    out.text(r === 0 ? '\n' : ',\n');
    for (let c = 0; c < columns.length; c++) {
      out.bytes(keys[c]);
      const column = columns[c];
      if (column.kind === 'number') {
        const value = column.values ? column.values[r] : Number.NaN;
        if (Number.isFinite(value)) out.fixed(value, column.decimals);
        else out.text('null');
      } else if (column.kind === 'code') {
        const text = column.texts[column.codes[r]];
        if (column.numeric) {
          if (text.length > 0) out.bytes(text);
          else out.text('null');
        } else {
          out.byte(34);
          out.bytes(text);
          out.byte(34);
        }
      } else if (ids.digitsOf(column.customers[r]) === 0)
        writeId(out, ids, column.customers[r], JSON.stringify);
      else {
        out.byte(34);
        writeId(out, ids, column.customers[r], JSON.stringify);
        out.byte(34);
      }
    }
    out.byte(125);
  }
  out.text('\n]\n');
}
