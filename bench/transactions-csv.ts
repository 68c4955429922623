import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatDay } from '../src/analytics/civil-days.js';

/** Deterministic 32-bit generator (mulberry32), so every run benchmarks the same file. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedFile {
  path: string;
  rows: number;
}

/**
 * Writes `customer_id,date,amount` rows in date order over three years (2021–2023), customers drawn
 * with a skew so that a few buy often and most rarely, amounts log-normal around 40 with a few
 * percent returns. Skips the work when the file is already there.
 */
export function generateTransactionsCsv(
  path: string,
  rows: number,
  customers: number,
  seed = 42,
): GeneratedFile {
  if (existsSync(path)) return { path, rows };
  mkdirSync(dirname(path), { recursive: true });
  const next = random(seed);
  const firstDay = Date.UTC(2021, 0, 1) / 86400000;
  const days = 3 * 365;
  const dates = Array.from({ length: days }, (_, d) => formatDay(firstDay + d));
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  writeSync(fd, 'customer_id,date,amount\n');
  const batch = 100_000;
  for (let from = 0; from < rows; from += batch) {
    const lines: string[] = [];
    for (let i = from; i < Math.min(rows, from + batch); i++) {
      const customer = 1 + Math.floor(customers * next() ** 1.6);
      const date = dates[Math.floor((i * days) / rows)];
      const normal = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      const sign = next() < 0.02 ? -1 : 1;
      lines.push(`${customer},${date},${(sign * Math.exp(3.5 + 0.8 * normal)).toFixed(2)}\n`);
    }
    writeSync(fd, lines.join(''));
  }
  closeSync(fd);
  renameSync(tmp, path);
  return { path, rows };
}
