/**
 * `npm run bench -- repeat-models [--customers N] [--seed S] [--repeats R]`: what each repeat-purchase
 * model costs the refresh's model choice (src/scoring/workspace-model.ts) on a workspace of N customers
 * (3,000 by default) with two years of purchases in days: the fit on the training split and the
 * holdout score, per kind, medians of R runs. Pareto/NBD is left out of the workspace's candidates for
 * its cost; this is where that cost is measured.
 */
import { parseArgs } from 'node:util';
import { medianInPlace } from '../src/analytics/median.js';
import { compareRepeatModels } from '../src/analytics/model-choice.js';
import { createRandom } from '../src/analytics/random.js';
import { fitRepeatModel, REPEAT_MODELS } from '../src/analytics/repeat-model.js';
import { customerSummaries, fittableRows, type TransactionColumns } from '../src/analytics/summaries.js';

const AS_OF = 20_000;
const median = (values: number[]) => medianInPlace(Float64Array.from(values));
const HORIZON = 90;

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      customers: { type: 'string', default: '3000' },
      seed: { type: 'string', default: '1' },
      repeats: { type: 'string', default: '5' },
    },
  });
  const customers = Number(values.customers);
  const repeats = Number(values.repeats);
  const columns = histories(customers, Number(values.seed));
  // The training split of the refresh: summaries at as-of − 90 days, holdout up to the as-of.
  const training = customerSummaries(columns, {
    asOf: AS_OF - HORIZON,
    holdoutEnd: AS_OF,
    period: 'day',
    unit: 'day',
  });
  const distinct = new Set<string>();
  for (let i = 0; i < training.frequency.length; i++)
    distinct.add(`${training.frequency[i]} ${training.recency[i]} ${training.T[i]}`);
  console.log(
    `repeat-models: ${training.frequency.length} customers (seed ${values.seed}), ${distinct.size} distinct (x, t_x, T) in days`,
  );
  const data = {
    calibration: training,
    holdoutFrequency: training.holdoutFrequency,
    holdoutDuration: training.holdoutDuration,
  };
  for (const kind of REPEAT_MODELS) {
    const fits: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const started = performance.now();
      fitRepeatModel(kind, fittableRows(training));
      fits.push(performance.now() - started);
    }
    const times: number[] = [];
    let last: ReturnType<typeof compareRepeatModels> | undefined;
    for (let r = 0; r < repeats; r++) {
      const started = performance.now();
      last = compareRepeatModels(data, { kinds: [kind] });
      times.push(performance.now() - started);
    }
    const m = last?.models[0];
    const fit = m?.fit;
    console.log(
      `  ${kind.padEnd(10)} fit alone: median ${median(fits).toFixed(0)} ms;` +
        ` fit + holdout score: median ${median(times).toFixed(0)} ms of ${repeats}` +
        ` (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)});` +
        ` iterations ${fit?.iterations ?? '-'}, converged ${fit?.converged ?? false},` +
        ` holdout log-likelihood ${m?.holdoutLogLikelihood.toFixed(1)}`,
    );
  }
}

/** Customers at their own pace (gap 5–125 days) until a lifetime of their own ends, over two years. */
function histories(customers: number, seed: number): TransactionColumns {
  const random = createRandom(seed);
  const customer: number[] = [];
  const time: number[] = [];
  const amount: number[] = [];
  for (let c = 0; c < customers; c++) {
    const gap = 5 + random.uniform() * 120;
    const start = AS_OF - 730 + Math.floor(random.uniform() * 700);
    const end = Math.min(AS_OF, start + random.exponential(1 / 300));
    for (let day = start; day === start || day <= end; day += 1 + random.exponential(1 / gap)) {
      customer.push(c);
      time.push(Math.floor(day));
      amount.push(10 + Math.floor(random.uniform() * 400));
    }
  }
  return {
    customer: Int32Array.from(customer),
    time: Float64Array.from(time),
    amount: Float64Array.from(amount),
    customers,
    timeUnit: 'days',
  };
}
