/**
 * The three repeat-purchase models behind one interface: BG/NBD, MBG/NBD and Pareto/NBD, each fitted
 * to a repeat summary and asked the same questions of a customer with history (x, t_x, T). A caller
 * that holds a {@link RepeatModel} need not know which one was chosen.
 */
import {
  type BgNbdParams,
  bgnbdConditionalExpectedPurchases,
  bgnbdPAlive,
  bgnbdProbabilityOfPurchases,
  fitBgNbd,
} from './bgnbd.js';
import type { FitOptions, FitResult, RepeatSummary } from './fit-result.js';
import {
  fitMbgNbd,
  type MbgNbdParams,
  mbgnbdConditionalExpectedPurchases,
  mbgnbdNoPurchaseProbability,
  mbgnbdPAlive,
} from './mbgnbd.js';
import { bgnbdNoPurchaseProbability } from './no-purchase-probability.js';
import {
  fitParetoNbd,
  type ParetoNbdParams,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdPAlive,
  paretoNbdProbabilityOfPurchases,
} from './pareto-nbd.js';

export const REPEAT_MODELS = ['bgnbd', 'mbgnbd', 'pareto-nbd'] as const;
export type RepeatModelKind = (typeof REPEAT_MODELS)[number];

/**
 * Each model's parameters in the order its fit returns them and its covariance is laid out: the one
 * order to read a stored fit by, as a JSON store (PostgreSQL's jsonb) may reorder an object's keys.
 */
export const REPEAT_MODEL_PARAMETERS = {
  bgnbd: ['r', 'alpha', 'a', 'b'],
  mbgnbd: ['r', 'alpha', 'a', 'b'],
  'pareto-nbd': ['r', 'alpha', 's', 'beta'],
} as const satisfies Record<RepeatModelKind, readonly string[]>;

export type RepeatModel =
  | { kind: 'bgnbd'; params: BgNbdParams }
  | { kind: 'mbgnbd'; params: MbgNbdParams }
  | { kind: 'pareto-nbd'; params: ParetoNbdParams };

export type RepeatModelFit = FitResult<BgNbdParams | ParetoNbdParams> & { kind: RepeatModelKind };

/**
 * Fits one of the models by maximum likelihood. Throws the model's 400 AppError when the data cannot
 * be fitted (no repeat purchase at all, invalid rows).
 */
export function fitRepeatModel(
  kind: RepeatModelKind,
  data: RepeatSummary,
  options: FitOptions = {},
): RepeatModelFit {
  const fit = kind === 'bgnbd' ? fitBgNbd : kind === 'mbgnbd' ? fitMbgNbd : fitParetoNbd;
  return { ...fit(data, options), kind };
}

/** The fitted model as the value the prediction functions take. */
export function repeatModelOf(fit: RepeatModelFit): RepeatModel {
  return { kind: fit.kind, params: fit.params } as RepeatModel;
}

/** P(alive | x, t_x, T): the chance the customer has not yet dropped out at T. */
export function repeatModelPAlive(model: RepeatModel, x: number, tx: number, T: number): number {
  switch (model.kind) {
    case 'bgnbd':
      return bgnbdPAlive(model.params, x, tx, T);
    case 'mbgnbd':
      return mbgnbdPAlive(model.params, x, tx, T);
    case 'pareto-nbd':
      return paretoNbdPAlive(model.params, x, tx, T);
  }
}

/** E[Y(t) | x, t_x, T]: purchases expected in (T, T + t]. */
export function repeatModelExpectedPurchases(
  model: RepeatModel,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  switch (model.kind) {
    case 'bgnbd':
      return bgnbdConditionalExpectedPurchases(model.params, t, x, tx, T);
    case 'mbgnbd':
      return mbgnbdConditionalExpectedPurchases(model.params, t, x, tx, T);
    case 'pareto-nbd':
      return paretoNbdConditionalExpectedPurchases(model.params, t, x, tx, T);
  }
}

/**
 * P(Y(t) = n | x, t_x, T): exactly n purchases in (T, T + t]: 0 with the chance 1 − P(alive) of
 * having dropped out, otherwise as {@link repeatModelAliveProbabilityOfPurchases}.
 */
export function repeatModelProbabilityOfPurchases(
  model: RepeatModel,
  t: number,
  n: number,
  x: number,
  tx: number,
  T: number,
): number {
  const alive = repeatModelPAlive(model, x, tx, T);
  return (n === 0 ? 1 - alive : 0) + alive * repeatModelAliveProbabilityOfPurchases(model, t, n, x, T);
}

/**
 * P(Y(t) = n | alive at T, x): a customer alive at T goes on as a new customer of the same model with
 * the posterior parameters (given alive, λ and the dropout are independent a posteriori), so this is
 * the model's P(X(t) = n) at BG/NBD (r+x, α+T, a, b+x); MBG/NBD (r+x, α+T, a, b+x+1), dropping out only
 * after purchases from then on; Pareto/NBD (r+x, α+T, s, β+T). It does not depend on t_x.
 */
export function repeatModelAliveProbabilityOfPurchases(
  model: RepeatModel,
  t: number,
  n: number,
  x: number,
  T: number,
): number {
  if (model.kind === 'pareto-nbd') {
    const { r, alpha, s, beta } = model.params;
    return paretoNbdProbabilityOfPurchases({ r: r + x, alpha: alpha + T, s, beta: beta + T }, t, n);
  }
  const { r, alpha, a, b } = model.params;
  const survivals = model.kind === 'mbgnbd' ? x + 1 : x;
  return bgnbdProbabilityOfPurchases({ r: r + x, alpha: alpha + T, a, b: b + survivals }, t, n);
}

/** P(no purchase in (T, T + t] | x, t_x, T): P(Y(t) = 0), in closed form where the model has one. */
export function repeatModelNoPurchaseProbability(
  model: RepeatModel,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  switch (model.kind) {
    case 'bgnbd':
      return bgnbdNoPurchaseProbability(model.params, t, x, tx, T);
    case 'mbgnbd':
      return mbgnbdNoPurchaseProbability(model.params, t, x, tx, T);
    case 'pareto-nbd': {
      const alive = paretoNbdPAlive(model.params, x, tx, T);
      return 1 - alive + alive * repeatModelAliveProbabilityOfPurchases(model, t, 0, x, T);
    }
  }
}

/** Per-customer predictions over one horizon, as columns. */
export interface RepeatPredictions {
  pAlive: Float64Array;
  expectedPurchases: Float64Array;
  pNoPurchase: Float64Array;
}

/**
 * P(alive), expected purchases and P(no purchase) over `horizon` (in the summary's time unit) for
 * every row of a summary. Pareto/NBD's P(no purchase) is an integral: rows with the same (x, t_x, T)
 * share it, as they do in real data (whole days, many one-time buyers).
 */
export function predictRepeatModel(
  model: RepeatModel,
  summary: Omit<RepeatSummary, 'weights'>,
  horizon: number,
): RepeatPredictions {
  const { frequency: x, recency, T } = summary;
  const n = x.length;
  const out: RepeatPredictions = {
    pAlive: new Float64Array(n),
    expectedPurchases: new Float64Array(n),
    pNoPurchase: new Float64Array(n),
  };
  const seen = new Map<string, number>();
  // The closed forms cost less than a key to look them up by.
  const integral = model.kind === 'pareto-nbd';
  for (let i = 0; i < n; i++) {
    out.pAlive[i] = repeatModelPAlive(model, x[i], recency[i], T[i]);
    out.expectedPurchases[i] = repeatModelExpectedPurchases(model, horizon, x[i], recency[i], T[i]);
    if (!integral) {
      out.pNoPurchase[i] = repeatModelNoPurchaseProbability(model, horizon, x[i], recency[i], T[i]);
      continue;
    }
    const key = `${x[i]} ${recency[i]} ${T[i]}`;
    let none = seen.get(key);
    if (none === undefined) {
      none = repeatModelNoPurchaseProbability(model, horizon, x[i], recency[i], T[i]);
      seen.set(key, none);
    }
    out.pNoPurchase[i] = none;
  }
  return out;
}
