import { ABC_CLASSES } from '../analytics/abc.js';
import { CHURN_LEVELS, CHURN_SIGNALS, type ChurnRisk } from '../analytics/churn.js';
import { formatDay } from '../analytics/civil-days.js';
import { CN_CLASSES, RFM_SEGMENTS } from '../analytics/rfm.js';
import { ByteWriter } from './byte-writer.js';
import type { CustomerAnalysis } from './customer-analysis.js';

type Cell =
  | { kind: 'number'; value: (row: number) => number; decimals: number }
  /** Text known to need no quoting or escaping, already encoded. */
  | { kind: 'plain'; value: (row: number) => Uint8Array }
  | { kind: 'id'; value: (row: number) => number };

interface Column {
  name: string;
  cell: Cell;
}

/** How customer ids are read back: all-digit ids as numbers (no string per row), others as text. */
export interface CustomerIds {
  idOf(customer: number): string;
  digitsOf(customer: number): number;
  numericValue(customer: number): number;
}

const num = (name: string, decimals: number, value: (row: number) => number): Column => ({
  name,
  cell: { kind: 'number', value, decimals },
});
const plain = (name: string, value: (row: number) => Uint8Array): Column => ({
  name,
  cell: { kind: 'plain', value },
});
const encode = (names: readonly string[]) => names.map((n) => Buffer.from(n));

/** A signal counts as a reason from this many points of risk on (as in churnReasons). */
const REASON_POINTS = 5;

/** The output columns, in order; model columns stay empty (null in JSON) without a model. */
export function customerColumns(a: CustomerAnalysis): Column[] {
  const s = a.summary;
  const p = a.predictions;
  const none = () => Number.NaN;
  const days = new Map<number, Uint8Array>();
  const day = (d: number) => days.get(d) ?? days.set(d, Buffer.from(formatDay(d))).get(d)!;
  const segments = encode(RFM_SEGMENTS);
  const cn = encode(CN_CLASSES);
  const abc = encode(ABC_CLASSES);
  const levels = encode(CHURN_LEVELS);
  const reasons = reasonCodes(a.churn);
  return [
    { name: 'customer_id', cell: { kind: 'id', value: (r) => s.customer[r] } },
    num('transactions', 0, (r) => s.transactions[r]),
    num('total', 2, (r) => s.total[r]),
    plain('first_purchase', (r) => day(s.first[r])),
    plain('last_purchase', (r) => day(s.last[r])),
    num('frequency', 0, (r) => s.frequency[r]),
    num('recency', 4, (r) => s.recency[r]),
    num('T', 4, (r) => s.T[r]),
    num('monetary_value', 2, (r) => s.monetaryValue[r]),
    num('median_interval_days', 1, (r) => s.medianInterval[r]),
    num('days_since_last', 0, (r) => a.daysSinceLast[r]),
    num('r', 0, (r) => a.rfm.r[r]),
    num('f', 0, (r) => a.rfm.f[r]),
    num('m', 0, (r) => a.rfm.m[r]),
    plain('rfm_segment', (r) => segments[a.segment[r]]),
    plain('cn_class', (r) => cn[a.cnClass[r]]),
    plain('abc', (r) => abc[a.abc[r]]),
    num('p_alive', 4, p ? (r) => p.pAlive[r] : none),
    num('expected_purchases', 4, p ? (r) => p.expectedPurchases[r] : none),
    num('expected_avg_spend', 2, p?.expectedAvgSpend ? (r) => p.expectedAvgSpend![r] : none),
    num('clv', 2, p?.clv ? (r) => p.clv![r] : none),
    num('churn_risk', 1, (r) => a.churn.risk[r]),
    plain('churn_level', (r) => levels[a.churn.level[r]]),
    plain('churn_reasons', reasons),
  ];
}

/**
 * Codes of the signals behind each risk, largest first, separated by `;`. The few combinations
 * that occur are encoded once and looked up by a key of their signal indexes.
 */
function reasonCodes(churn: ChurnRisk): (row: number) => Uint8Array {
  const present = CHURN_SIGNALS.map((signal) => churn.points[signal]);
  const cache = new Map<number, Uint8Array>();
  const order: number[] = [];
  return (row) => {
    order.length = 0;
    for (let k = 0; k < present.length; k++) if ((present[k]?.[row] ?? 0) >= REASON_POINTS) order.push(k);
    order.sort((x, y) => present[y]![row] - present[x]![row]);
    let key = 0;
    for (const k of order) key = key * 8 + k + 1;
    let bytes = cache.get(key);
    if (!bytes) {
      bytes = Buffer.from(order.map((k) => CHURN_SIGNALS[k]).join(';'));
      cache.set(key, bytes);
    }
    return bytes;
  };
}

/** Writes the table as CSV (RFC 4180 quoting where needed) or as a JSON array of objects. */
export function writeCustomerTable(
  fd: number,
  columns: Column[],
  ids: CustomerIds,
  rows: number,
  format: 'csv' | 'json',
): void {
  const out = new ByteWriter(fd);
  if (format === 'csv') writeCsv(out, columns, ids, rows);
  else writeJson(out, columns, ids, rows);
  out.flush();
}

function writeCsv(out: ByteWriter, columns: Column[], ids: CustomerIds, rows: number): void {
  out.text(`${columns.map((c) => c.name).join(',')}\n`);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns.length; c++) {
      if (c > 0) out.byte(44);
      const cell = columns[c].cell;
      if (cell.kind === 'number') out.fixed(cell.value(r), cell.decimals);
      else if (cell.kind === 'plain') out.bytes(cell.value(r));
      else writeId(out, ids, cell.value(r), csvField);
    }
    out.byte(10);
  }
}

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
      const cell = columns[c].cell;
      if (cell.kind === 'number') {
        if (Number.isFinite(cell.value(r))) out.fixed(cell.value(r), cell.decimals);
        else out.text('null');
      } else if (cell.kind === 'plain') {
        out.byte(34);
        out.bytes(cell.value(r));
        out.byte(34);
      } else if (ids.digitsOf(cell.value(r)) === 0) writeId(out, ids, cell.value(r), JSON.stringify);
      else {
        out.byte(34);
        writeId(out, ids, cell.value(r), JSON.stringify);
        out.byte(34);
      }
    }
    out.byte(125);
  }
  out.text('\n]\n');
}
