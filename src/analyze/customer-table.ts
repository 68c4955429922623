import { ABC_CLASSES } from '../analytics/abc.js';
import { CHURN_LEVELS, CHURN_SIGNALS, type ChurnRisk } from '../analytics/churn.js';
import { formatDay } from '../analytics/civil-days.js';
import { CN_CLASSES, RFM_SEGMENTS } from '../analytics/rfm.js';
import { ByteWriter } from './byte-writer.js';
import type { CustomerAnalysis } from './customer-analysis.js';

type Cell =
  | { kind: 'number'; value: (row: number) => number; decimals: number }
  | { kind: 'text'; value: (row: number) => string };

interface Column {
  name: string;
  cell: Cell;
}

const num = (name: string, decimals: number, value: (row: number) => number): Column => ({
  name,
  cell: { kind: 'number', value, decimals },
});
const text = (name: string, value: (row: number) => string): Column => ({
  name,
  cell: { kind: 'text', value },
});

/** A signal counts as a reason from this many points of risk on (as in churnReasons). */
const REASON_POINTS = 5;

/** The output columns, in order; model columns stay empty (null in JSON) without a model. */
export function customerColumns(a: CustomerAnalysis, idOf: (customer: number) => string): Column[] {
  const s = a.summary;
  const p = a.predictions;
  const none = () => Number.NaN;
  const days = new Map<number, string>();
  const day = (d: number) => days.get(d) ?? days.set(d, formatDay(d)).get(d)!;
  return [
    text('customer_id', (r) => idOf(s.customer[r])),
    num('transactions', 0, (r) => s.transactions[r]),
    num('total', 2, (r) => s.total[r]),
    text('first_purchase', (r) => day(s.first[r])),
    text('last_purchase', (r) => day(s.last[r])),
    num('frequency', 0, (r) => s.frequency[r]),
    num('recency', 4, (r) => s.recency[r]),
    num('T', 4, (r) => s.T[r]),
    num('monetary_value', 2, (r) => s.monetaryValue[r]),
    num('median_interval_days', 1, (r) => s.medianInterval[r]),
    num('days_since_last', 0, (r) => a.daysSinceLast[r]),
    num('r', 0, (r) => a.rfm.r[r]),
    num('f', 0, (r) => a.rfm.f[r]),
    num('m', 0, (r) => a.rfm.m[r]),
    text('rfm_segment', (r) => RFM_SEGMENTS[a.segment[r]]),
    text('cn_class', (r) => CN_CLASSES[a.cnClass[r]]),
    text('abc', (r) => ABC_CLASSES[a.abc[r]]),
    num('p_alive', 4, p ? (r) => p.pAlive[r] : none),
    num('expected_purchases', 4, p ? (r) => p.expectedPurchases[r] : none),
    num('expected_avg_spend', 2, p?.expectedAvgSpend ? (r) => p.expectedAvgSpend![r] : none),
    num('clv', 2, p?.clv ? (r) => p.clv![r] : none),
    num('churn_risk', 1, (r) => a.churn.risk[r]),
    text('churn_level', (r) => CHURN_LEVELS[a.churn.level[r]]),
    text('churn_reasons', (r) => reasonCodes(a.churn, r)),
  ];
}

/** Codes of the signals behind a risk, largest first, separated by `;`. */
function reasonCodes(churn: ChurnRisk, row: number): string {
  let codes = '';
  let last = Number.POSITIVE_INFINITY;
  // Few signals: repeated selection of the next largest is simpler than sorting.
  for (let k = 0; k < CHURN_SIGNALS.length; k++) {
    let best = -1;
    let bestPoints = -1;
    for (const signal of CHURN_SIGNALS) {
      const points = churn.points[signal]?.[row] ?? 0;
      if (points >= REASON_POINTS && points < last && points > bestPoints) {
        best = CHURN_SIGNALS.indexOf(signal);
        bestPoints = points;
      }
    }
    if (best < 0) break;
    codes += codes ? `;${CHURN_SIGNALS[best]}` : CHURN_SIGNALS[best];
    last = bestPoints;
  }
  return codes;
}

/** Writes the table as CSV (RFC 4180 quoting where needed) or as a JSON array of objects. */
export function writeCustomerTable(
  fd: number,
  columns: Column[],
  rows: number,
  format: 'csv' | 'json',
): void {
  const out = new ByteWriter(fd);
  if (format === 'csv') writeCsv(out, columns, rows);
  else writeJson(out, columns, rows);
  out.flush();
}

function writeCsv(out: ByteWriter, columns: Column[], rows: number): void {
  out.text(`${columns.map((c) => c.name).join(',')}\n`);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns.length; c++) {
      if (c > 0) out.byte(44);
      const cell = columns[c].cell;
      if (cell.kind === 'number') out.fixed(cell.value(r), cell.decimals);
      else out.text(csvField(cell.value(r)));
    }
    out.byte(10);
  }
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function writeJson(out: ByteWriter, columns: Column[], rows: number): void {
  const keys = columns.map((c, i) => Buffer.from(`${i === 0 ? '{' : ','}${JSON.stringify(c.name)}:`));
  out.byte(91);
  for (let r = 0; r < rows; r++) {
    out.text(r === 0 ? '\n' : ',\n');
    for (let c = 0; c < columns.length; c++) {
      out.bytes(keys[c]);
      const cell = columns[c].cell;
      if (cell.kind === 'text') out.text(JSON.stringify(cell.value(r)));
      else if (Number.isFinite(cell.value(r))) out.fixed(cell.value(r), cell.decimals);
      else out.text('null');
    }
    out.byte(125);
  }
  out.text('\n]\n');
}
