import { closeSync, ftruncateSync, openSync, statSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { formatDay, parseIsoDay } from '../../analytics/civil-days.js';
import type { RepeatModelKind } from '../../analytics/repeat-model.js';
import type { Period, TransactionColumns } from '../../analytics/summaries.js';
import type { BacktestReport } from '../../analyze/analysis-report.js';
import { analyzeCustomers } from '../../analyze/customer-analysis.js';
import {
  type CustomerIds,
  customerColumns,
  type RowWriter,
  type SummaryColumns,
  writeCustomerTable,
} from '../../analyze/customer-table.js';
import { progressBar } from '../../analyze/progress-bar.js';
import { helperRowWriter, summaryColumnsOn } from '../../analyze/table-rows.js';
import { readTransactionFile } from '../../analyze/transaction-file.js';
import { AppError, UsageError } from '../../errors.js';
import type { Command } from '../main.js';
import { parseCommandArgs } from '../parse-args.js';

const UNITS_PER_YEAR: Record<Period, number> = { day: 365.25, week: 365.25 / 7, month: 12 };
/** Without --discount-rate, money loses 10 % a year: a common cost of capital for CLV. */
const YEARLY_DISCOUNT = 0.1;

export const command: Command = {
  summary: 'score customers from a transaction file: RFM, ABC, BG/NBD + Gamma-Gamma, CLV, churn risk',
  usage: `Usage: clm analyze --transactions FILE --customer-col C --date-col D --amount-col A [options]

Reads one transaction per line and writes one row per customer: summary (transactions, total,
first/last purchase, frequency, recency, T, monetary_value, median interval), RFM scores and
segments (11 English segments, Chinese 8-class map), ABC class, P(alive), expected purchases,
expected average spend and CLV over the horizon, and churn risk with its level and reasons.

Columns:
  --customer-col C, --date-col D, --amount-col A
                      a header name, or a 1-based column number. With names, the first line is
                      the header; with numbers only, it is a header when neither its date nor its
                      amount parses (so CDNOW_master.txt and the header-less CDNOW_sample.txt
                      both work).
  --delimiter X       one character (default ,), 'tab', or 'whitespace' for runs of blanks.
  --date-format F     strftime-like: %Y %y %m %d %H %M %S, e.g. %d.%m.%Y. Without it: YYYY-MM-DD,
                      YYYYMMDD or YYYY/M/D (a time after the date is ignored).
Analysis:
  --period day|week|month
                      purchases in the same period count once, their amounts summed, and the
                      period is the time unit of recency, T and the models. Without it, purchases
                      on the same day count once and time is measured in weeks (the convention of
                      the CDNOW papers).
  --as-of DATE        YYYY-MM-DD, inclusive (default: the last date in the file).
  --calibration-end DATE
                      also fit on purchases up to DATE and check the predictions on the rest
                      (MAE, correlation, weekly tracking, churn AUC) in the report.
  --horizon N         prediction horizon in periods (default one year).
  --discount-rate X   per period (default the equivalent of 10 % a year); CLV discounts monthly.
  --model bgnbd|mbgnbd|pareto-nbd
                      the repeat-purchase model behind P(alive), expected purchases and CLV
                      (default bgnbd). MBG/NBD does not give one-time buyers P(alive) = 1;
                      Pareto/NBD is slower to fit. --calibration-end compares all three.
  --no-models         RFM, ABC and churn without the models (faster).
Output:
  --out FILE.csv|FILE.json   customer table (default CSV on stdout), with 90 % intervals of expected
                             purchases and CLV from the fits' uncertainty (delta method).
  --report FILE.json         model fits with standard errors and 90 % intervals, diagnostics
                             (P(alive) and expected-purchases matrices, frequency histogram),
                             backtest, segment counts, netted returns.

Negative amounts are returns: netted against the customer's purchases, counted in the report.
Bad lines (unparsable dates or amounts, missing columns) are listed with their line numbers; the
command then exits with 2 and writes nothing.`,
  async run(args) {
    const options = parseOptions(args);
    const file = await readTransactionFile(options.transactions, {
      customer: options.customerCol,
      date: options.dateCol,
      amount: options.amountCol,
      delimiter: options.delimiter,
      dateFormat: options.dateFormat,
      onProgress: progressBar(options.transactions),
    });
    const warnings: string[] = [];
    const { helper } = file;
    let fromSummary: Promise<SummaryColumns> | undefined;
    const analysis = await analyzeCustomers(file.columns, {
      asOf: options.asOf ?? file.lastDay,
      period: options.period,
      unit: options.unit,
      horizon: options.horizon,
      clvPeriods: options.clvPeriods,
      discountRate: options.clvDiscountRate,
      models: options.models,
      model: options.model,
      helper,
      // Most of the table's columns are converted on the helper while this thread scores.
      onSummary:
        helper &&
        ((summary, daysSinceLast) => {
          fromSummary = summaryColumnsOn(helper, summary, daysSinceLast);
          fromSummary.catch(() => undefined);
        }),
    });
    warnings.push(...analysis.warnings);
    if (file.negativeAmounts > 0) warnings.push(`${file.negativeAmounts} negative amounts netted as returns`);
    const check =
      options.calibrationEnd === undefined
        ? undefined
        : await runBacktest(file.columns, options, analysis.asOf, warnings);
    await writeTable(
      options.out,
      customerColumns(analysis, await fromSummary),
      file.ids,
      analysis.summary.customer.length,
      file.helper && helperRowWriter(file.helper, file.ids),
    );
    if (options.report) {
      // Loaded on demand, like the models: without --report it is start-up time for nothing.
      const { analysisReport } = await import('../../analyze/analysis-report.js');
      const report = analysisReport({
        file: options.transactions,
        transactions: file.columns.customer.length,
        negativeAmounts: file.negativeAmounts,
        unit: options.unit,
        horizon: options.horizon,
        discountRate: options.discountRate,
        analysis,
        backtest: check,
        warnings,
      });
      writeFileSync(options.report, `${JSON.stringify(report, null, 2)}\n`);
    }
    for (const warning of warnings) console.error(`clm: warning: ${warning}`);
    // What was written, on stderr: stdout may be the table itself.
    const count = (n: number) => n.toLocaleString('en-US');
    const wrote = [options.out ?? 'table on stdout', options.report && `report ${options.report}`];
    console.error(
      `clm: ${count(analysis.summary.customer.length)} customers from ${count(file.columns.customer.length)} transactions as of ${formatDay(analysis.asOf)}: ${wrote.filter(Boolean).join(', ')}`,
    );
    void file.helper?.terminate();
    return 0;
  },
};

type Options = ReturnType<typeof parseOptions>;

// The models' own modules load only when they fit: the record's type keeps this list whole.
const MODEL_FLAGS: Record<RepeatModelKind, true> = { bgnbd: true, mbgnbd: true, 'pareto-nbd': true };

function parseOptions(args: string[]) {
  const { values } = parseCommandArgs(args, {
    transactions: { type: 'string' },
    'customer-col': { type: 'string' },
    'date-col': { type: 'string' },
    'amount-col': { type: 'string' },
    'date-format': { type: 'string' },
    delimiter: { type: 'string' },
    period: { type: 'string' },
    'as-of': { type: 'string' },
    'calibration-end': { type: 'string' },
    horizon: { type: 'string' },
    'discount-rate': { type: 'string' },
    'no-models': { type: 'boolean', default: false },
    model: { type: 'string' },
    out: { type: 'string' },
    report: { type: 'string' },
  });
  const required = (name: 'transactions' | 'customer-col' | 'date-col' | 'amount-col') => {
    const value = values[name];
    if (!value) throw new UsageError(`analyze: --${name} is required (see clm analyze --help)`);
    return value;
  };
  const period = (values.period ?? 'day') as Period;
  if (!(period in UNITS_PER_YEAR))
    throw new UsageError(`analyze: --period must be day, week or month, not '${period}'`);
  const unit: Period = values.period === undefined ? 'week' : period;
  const horizon = positive('horizon', values.horizon) ?? Math.round(UNITS_PER_YEAR[unit]);
  const discountRate =
    rate(values['discount-rate']) ?? (1 + YEARLY_DISCOUNT) ** (1 / UNITS_PER_YEAR[unit]) - 1;
  const model = (values.model ?? 'bgnbd') as RepeatModelKind;
  if (!Object.hasOwn(MODEL_FLAGS, model))
    throw new UsageError(`analyze: --model must be bgnbd, mbgnbd or pareto-nbd, not '${values.model}'`);
  const monthsInHorizon = (horizon * 12) / UNITS_PER_YEAR[unit];
  const clvPeriods = Math.max(1, Math.round(monthsInHorizon));
  return {
    transactions: required('transactions'),
    customerCol: required('customer-col'),
    dateCol: required('date-col'),
    amountCol: required('amount-col'),
    dateFormat: values['date-format'],
    delimiter: values.delimiter,
    period,
    unit,
    asOf: day('as-of', values['as-of']),
    calibrationEnd: day('calibration-end', values['calibration-end']),
    horizon,
    discountRate,
    // Discounting month by month: the per-period rate compounded over one CLV step.
    clvPeriods,
    clvDiscountRate: (1 + discountRate) ** (horizon / clvPeriods) - 1,
    models: !values['no-models'],
    model,
    out: values.out,
    report: values.report,
  };
}

function day(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const parsed = parseIsoDay(text);
  if (Number.isNaN(parsed))
    throw new UsageError(`analyze: --${flag} must be a date YYYY-MM-DD, not '${text}'`);
  return parsed;
}

function positive(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(value > 0 && Number.isFinite(value)))
    throw new UsageError(`analyze: --${flag} must be a number > 0, not '${text}'`);
  return value;
}

function rate(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(value >= 0 && value < 1))
    throw new UsageError(`analyze: --discount-rate must be in [0, 1), not '${text}'`);
  return value;
}

async function runBacktest(
  tx: TransactionColumns,
  options: Options,
  asOf: number,
  warnings: string[],
): Promise<BacktestReport | undefined> {
  if (!options.models) {
    warnings.push('--calibration-end is ignored with --no-models');
    return undefined;
  }
  if (options.calibrationEnd! >= asOf) {
    throw new UsageError(
      'analyze: --calibration-end must be before the as-of date (the last date in the file)',
    );
  }
  const { backtest } = await import('../../analytics/backtest.js');
  const { compareRepeatModels } = await import('../../analytics/model-choice.js');
  const { churnBacktest } = await import('../../analytics/churn-backtest.js');
  try {
    const settings = { calibrationEnd: options.calibrationEnd!, holdoutEnd: asOf, unit: options.unit };
    const result = backtest(tx, { ...settings, period: options.period });
    const { summary } = result;
    const models = compareRepeatModels({
      calibration: summary,
      holdoutFrequency: summary.holdoutFrequency,
      holdoutDuration: summary.holdoutDuration,
    });
    // The churn forecast merges purchases per day: "no purchase in N days" is about days.
    return { ...result, models, churn: churnBacktest(tx, settings) };
  } catch (error) {
    if (!(error instanceof AppError && error.status === 400)) throw error;
    warnings.push(`backtest skipped: ${error.message}`);
    return undefined;
  }
}

function tableFormat(out: string | undefined): 'csv' | 'json' {
  return out && extname(out).toLowerCase() === '.json' ? 'json' : 'csv';
}

async function writeTable(
  out: string | undefined,
  columns: ReturnType<typeof customerColumns>,
  ids: CustomerIds,
  rows: number,
  helper: RowWriter | undefined,
): Promise<void> {
  const { fd, inPlace } = out ? openOutput(out) : { fd: 1, inPlace: false };
  let size = 0;
  try {
    size = await writeCustomerTable(fd, columns, ids, rows, tableFormat(out), helper);
  } finally {
    if (inPlace) ftruncateSync(fd, size);
    if (out) closeSync(fd);
  }
}

/**
 * An existing regular file is written over in place and cut to size at the end, rather than
 * truncated on opening: ext4 flushes a file that was truncated to nothing when it is closed (its
 * guard for replacing a file by truncation), which made closing a large table cost tens of ms.
 */
function openOutput(path: string): { fd: number; inPlace: boolean } {
  if (statSync(path, { throwIfNoEntry: false })?.isFile()) {
    try {
      return { fd: openSync(path, 'r+'), inPlace: true };
    } catch {
      // Not readable, say: opening it as before is still possible.
    }
  }
  return { fd: openSync(path, 'w'), inPlace: false };
}
