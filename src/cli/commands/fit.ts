import { fitBgNbd } from '../../analytics/bgnbd.js';
import { fitGammaGamma } from '../../analytics/gamma-gamma.js';
import { fitParetoNbd } from '../../analytics/pareto-nbd.js';
import { AppError, UsageError } from '../../errors.js';
import type { Command } from '../main.js';
import { parseCommandArgs } from '../parse-args.js';
import { readSummaryCsv } from '../summary-csv.js';

const MODELS = ['bgnbd', 'pareto-nbd', 'gamma-gamma'] as const;
type Model = (typeof MODELS)[number];

export const command: Command = {
  summary: 'fit BG/NBD, Pareto/NBD or Gamma-Gamma to a customer summary',
  usage: `Usage: clm fit bgnbd|pareto-nbd|gamma-gamma --summary FILE.csv [--penalizer X]

Fits the model by maximum likelihood and prints one JSON object: model, params, logLikelihood,
n, iterations, converged (and skipped for gamma-gamma). FILE.csv has a header with the columns
frequency,recency,T (bgnbd, pareto-nbd) or frequency,monetary_value (gamma-gamma), in any order;
other columns are ignored. --penalizer adds an L2 penalty on the parameters (default 0).
Exits with 1 when the fit did not converge, 2 on bad input.`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      args,
      { summary: { type: 'string' }, penalizer: { type: 'string' } },
      true,
    );
    const model = parseModel(positionals);
    if (!values.summary) throw new UsageError('fit: --summary FILE.csv is required');
    const penalizer = values.penalizer === undefined ? 0 : Number(values.penalizer);
    if (!(penalizer >= 0 && Number.isFinite(penalizer))) {
      throw new UsageError(`fit: --penalizer must be a number >= 0, got '${values.penalizer}'`);
    }
    const result = withLineNumbers(values.summary, () => fit(model, values.summary!, penalizer));
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
  if (model === 'gamma-gamma') {
    const data = readSummaryCsv(file, ['frequency', 'monetary_value']);
    return fitGammaGamma({ frequency: data.frequency, monetaryValue: data.monetary_value }, { penalizer });
  }
  const data = readSummaryCsv(file, ['frequency', 'recency', 'T']);
  const summary = { frequency: data.frequency, recency: data.recency, T: data.T };
  return model === 'bgnbd' ? fitBgNbd(summary, { penalizer }) : fitParetoNbd(summary, { penalizer });
}

const COLUMN: Record<string, string> = { monetaryValue: 'monetary_value' };

/** Turns a model's row-level validation error ("recency.41") into file:line and the CSV column. */
function withLineNumbers<T>(file: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    const path = error instanceof AppError ? error.errors[0]?.path : undefined;
    const match = path?.match(/^(\w+)\.(\d+)$/);
    if (!match) throw error;
    const [, field, row] = match;
    const message = error instanceof AppError ? error.errors[0].message : '';
    throw new UsageError(`${file}:${Number(row) + 2}: column '${COLUMN[field] ?? field}': ${message}`);
  }
}
