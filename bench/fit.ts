/**
 * `npm run bench -- fit [--customers N] [--seed S] [--summary FILE.csv]`: times BG/NBD + Gamma-Gamma
 * maximum-likelihood fits on ~1M customer summaries (simulated from the CDNOW estimates, or a CSV with
 * frequency,recency,T,monetary_value) against scipy's L-BFGS-B with numeric gradients on the same
 * likelihoods and data (bench/fit_scipy.py), and the fit of the CDNOW sample itself.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fitBgNbd } from '../src/analytics/bgnbd.js';
import { loadCdnowSpend, loadCdnowSummary } from '../src/analytics/cdnow-sample.fixture.js';
import { fitGammaGamma } from '../src/analytics/gamma-gamma.js';
import { simulateBgNbd, simulateGammaGamma } from '../src/analytics/simulate.js';
import { readSummaryCsv } from '../src/cli/summary-csv.js';

interface Summary {
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  monetaryValue: Float64Array;
}

const PYTHON = '/usr/bin/python3';
const OUT = new URL('out/', import.meta.url).pathname;

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      customers: { type: 'string', default: '1000000' },
      seed: { type: 'string', default: '1' },
      summary: { type: 'string' },
      repeats: { type: 'string', default: '3' },
    },
  });
  const repeats = Number(values.repeats);
  const { data, csv } = values.summary
    ? { data: readCsv(values.summary), csv: values.summary }
    : simulated(Number(values.customers), Number(values.seed));
  console.log(
    `fit: ${data.frequency.length} customers (${values.summary ?? `simulated, seed ${values.seed}`})`,
  );

  const cdnow = { ...loadCdnowSummary(), monetaryValue: loadCdnowSpend().monetaryValue };
  const sample = median(() => fitBoth(cdnow), 7);
  console.log(`  CDNOW sample (2,357), BG/NBD + Gamma-Gamma: ${ms(sample.seconds)} (median of 7)`);

  const ours = median(() => fitBoth(data), repeats);
  const [bg, gg] = ours.result;
  console.log(`  ours,  BG/NBD + Gamma-Gamma: ${ms(ours.seconds)} (median of ${repeats})`);
  console.log(`    bgnbd ${params(bg.params)} iterations ${bg.iterations} converged ${bg.converged}`);
  console.log(`    gamma-gamma ${params(gg.params)} iterations ${gg.iterations} converged ${gg.converged}`);

  const scipy = runScipy(csv, repeats);
  if (!scipy) return;
  console.log(`  scipy L-BFGS-B, numeric gradient: ${ms(scipy.seconds)} (median of ${repeats})`);
  console.log(`    bgnbd ${params(scipy.bgnbd)}; gamma-gamma ${params(scipy.gammaGamma)}`);
  console.log(`  scipy on rows grouped with np.unique first: ${ms(scipy.secondsGrouped)}`);
  console.log(`  ratio ours / scipy: ${(ours.seconds / scipy.seconds).toFixed(3)} (target <= 0.5)`);
  console.log(`  ratio ours / scipy grouped: ${(ours.seconds / scipy.secondsGrouped).toFixed(3)}`);
}

function fitBoth(data: Summary) {
  return [fitBgNbd(data), fitGammaGamma(data)] as const;
}

/** CDNOW-like customers: first purchases spread over 12 weeks, observed until week 39. */
function simulated(customers: number, seed: number): { data: Summary; csv: string } {
  const summary = simulateBgNbd(
    { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
    { customers, seed, minT: 27, maxT: 39 },
  );
  const monetaryValue = simulateGammaGamma({ p: 6.25, q: 3.74, gamma: 15.44 }, summary.frequency, seed + 1);
  const data = { ...summary, monetaryValue };
  mkdirSync(OUT, { recursive: true });
  const csv = `${OUT}fit-summary-${customers}-${seed}.csv`;
  const lines = ['frequency,recency,T,monetary_value'];
  for (let i = 0; i < customers; i++) {
    lines.push(`${data.frequency[i]},${data.recency[i]},${data.T[i]},${monetaryValue[i]}`);
  }
  writeFileSync(csv, `${lines.join('\n')}\n`);
  return { data, csv };
}

function readCsv(file: string): Summary {
  const c = readSummaryCsv(file, ['frequency', 'recency', 'T', 'monetary_value']);
  return { frequency: c.frequency, recency: c.recency, T: c.T, monetaryValue: c.monetary_value };
}

interface ScipyResult {
  seconds: number;
  secondsGrouped: number;
  bgnbd: Record<string, number>;
  gammaGamma: Record<string, number>;
}

function runScipy(csv: string, repeats: number): ScipyResult | undefined {
  const script = new URL('fit_scipy.py', import.meta.url).pathname;
  const r = spawnSync(PYTHON, [script, csv, String(repeats)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    const missing = /No module named '(scipy|numpy)'/.test(r.stderr ?? '') || r.error;
    console.log(
      missing
        ? '  scipy: not available; install it with `apt-get update && apt-get install -y python3-scipy`'
        : `  scipy: failed: ${r.stderr}`,
    );
    return undefined;
  }
  return JSON.parse(r.stdout) as ScipyResult;
}

function median<T>(work: () => T, repeats: number): { seconds: number; result: T } {
  const times: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    result = work();
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  return { seconds: times[Math.floor(times.length / 2)], result: result as T };
}

const ms = (seconds: number) => `${(seconds * 1000).toFixed(1)} ms`;
const params = (p: object) =>
  Object.entries(p)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => `${k}=${(v as number).toPrecision(4)}`)
    .join(' ');
