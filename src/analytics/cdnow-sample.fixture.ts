/**
 * The CDNOW sample of the customer-base literature (2,357 customers, time in weeks), read from the
 * shared data sets beside the repository, for tests that reproduce published fits.
 */
import { readFileSync } from 'node:fs';
import type { RepeatSummary } from './fit-result.js';

const DIR = new URL('../../../shared/datasets/cdnow/', import.meta.url);

/** Path of a file of the CDNOW data set. */
export const cdnowPath = (name: string): string => new URL(name, DIR).pathname;

function readColumns(name: string, columns: string[]): Float64Array[] {
  const [header, ...rows] = readFileSync(cdnowPath(name), 'utf8').trim().split('\n');
  const names = header.trim().split(',');
  return columns.map((c) => {
    const j = names.indexOf(c);
    return Float64Array.from(rows, (line) => Number(line.split(',')[j]));
  });
}

/** `cdnow_customers_summary.csv`: the calibration-period repeat summary of FHL 2005. */
export function loadCdnowSummary(): RepeatSummary {
  const [frequency, recency, T] = readColumns('cdnow_customers_summary.csv', ['frequency', 'recency', 'T']);
  return { frequency, recency, T };
}

/** `cdnow_customers_summary_with_transactions.csv`: x and zbar (mean repeat spend, 0 without one). */
export function loadCdnowSpend(): { frequency: Float64Array; monetaryValue: Float64Array } {
  const [frequency, monetaryValue] = readColumns('cdnow_customers_summary_with_transactions.csv', [
    'x',
    'zbar',
  ]);
  return { frequency, monetaryValue };
}
