import { fitBgBb } from '../../analytics/bgbb.js';
import { fitBgNbd } from '../../analytics/bgnbd.js';
import { fitGammaGamma } from '../../analytics/gamma-gamma.js';
import { fitMbgNbd } from '../../analytics/mbgnbd.js';
import { fitParetoNbd } from '../../analytics/pareto-nbd.js';
import { fitSbg } from '../../analytics/sbg.js';
import { AppError, UsageError } from '../../errors.js';
import type { Command } from '../main.js';
import { parseCommandArgs } from '../parse-args.js';
import { readSummaryCsv } from '../summary-csv.js';

const MODELS = ['bgnbd', 'mbgnbd', 'pareto-nbd', 'gamma-gamma', 'bgbb', 'sbg'] as const;
type Model = (typeof MODELS)[number];

export const command: Command = {
  summary: 'fit BG/NBD, MBG/NBD, Pareto/NBD, Gamma-Gamma, BG/BB or sBG to a customer summary',
  usage: `Usage: clm fit bgnbd|mbgnbd|pareto-nbd|gamma-gamma|bgbb --summary FILE.csv [--penalizer X]
       clm fit sbg --survival FILE.csv [--penalizer X]

Fits the model by maximum likelihood and prints one JSON object: model, params, logLikelihood,
n, iterations, converged (and skipped for gamma-gamma). FILE.csv has a header with the columns
frequency,recency,T (bgnbd, mbgnbd, pareto-nbd), frequency,monetary_value (gamma-gamma) or
frequency,recency,periods and optionally weights (bgbb: repeat transactions at discrete occasions,
weights = customers with that row), in any order; other columns are ignored. For sbg (contract
renewals) the file has the columns period,alive: the customers still active at the start of each
period, period 0 first. --penalizer adds an L2 penalty on the parameters (default 0).
Exits with 0 when fitted; 1 when the fit did not converge (the JSON is still printed, with
"converged": false); 2 when it cannot fit: bad input, or nothing to fit (no repeat purchase).`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      args,
      { summary: { type: 'string' }, survival: { type: 'string' }, penalizer: { type: 'string' } },
      true,
    );
    const model = parseModel(positionals);
    const option = model === 'sbg' ? 'survival' : 'summary';
    const file = values[option];
    if (!file) throw new UsageError(`fit: --${option} FILE.csv is required for ${model}`);
    const penalizer = values.penalizer === undefined ? 0 : Number(values.penalizer);
    if (!(penalizer >= 0 && Number.isFinite(penalizer))) {
      throw new UsageError(`fit: --penalizer must be a number >= 0, got '${values.penalizer}'`);
    }
    const result = withLineNumbers(file, () => fit(model, file, penalizer));
    console.log(JSON.stringify(result));
    if (!result.converged) console.error(`clm: the ${model} fit did not converge`);
    return result.converged ? 0 : 1;
  },
};

function parseModel(positionals: string[]): Model {
  const [model, ...extra] = positionals;
  if (!MODELS.includes(model as Model) || extra.length > 0) {
    throw new UsageError(`fit: expected one model of ${MODELS.join(', ')}, got '${positionals.join(' ')}'`);
  }
  return model as Model;
}

function fit(model: Model, file: string, penalizer: number) {
  if (model === 'sbg') return fitSbg(readSurvivalCsv(file), { penalizer });
  if (model === 'bgbb') {
    const data = readSummaryCsv(file, ['frequency', 'recency', 'periods'], ['weights']);
    return fitBgBb(
      { frequency: data.frequency, recency: data.recency, periods: data.periods, weights: data.weights },
      { penalizer },
    );
  }
  if (model === 'gamma-gamma') {
    const data = readSummaryCsv(file, ['frequency', 'monetary_value']);
    return fitGammaGamma({ frequency: data.frequency, monetaryValue: data.monetary_value }, { penalizer });
  }
  const data = readSummaryCsv(file, ['frequency', 'recency', 'T']);
  const summary = { frequency: data.frequency, recency: data.recency, T: data.T };
  const fitters = { bgnbd: fitBgNbd, mbgnbd: fitMbgNbd, 'pareto-nbd': fitParetoNbd };
  return fitters[model](summary, { penalizer });
}

/** The alive column of a period,alive file whose periods run 0, 1, 2, ... down the lines. */
function readSurvivalCsv(file: string): Float64Array {
  const { period, alive } = readSummaryCsv(file, ['period', 'alive']);
  for (let i = 0; i < period.length; i++) {
    if (period[i] !== i) {
      throw new UsageError(
        `${file}:${i + 2}: column 'period': expected ${i} (periods run 0, 1, 2, ...), got ${period[i]}`,
      );
    }
  }
  return alive;
}

const COLUMN: Record<string, string> = { monetaryValue: 'monetary_value' };

/** Turns a model's row-level validation error ("recency.41") into file:line and the CSV column. */
function withLineNumbers<T>(file: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof AppError && error.status === 400)) throw error;
    const path = error.errors[0]?.path;
    const match = path?.match(/^(\w+)\.(\d+)$/);
    // Data a model cannot be fitted to (only one-time buyers, say) is a fault of the input: exit 2.
    if (!match) throw new UsageError(error.message);
    const [, field, row] = match;
    const message = error.errors[0].message;
    throw new UsageError(`${file}:${Number(row) + 2}: column '${COLUMN[field] ?? field}': ${message}`);
  }
}
