/**
 * 90 % intervals of customers' expected purchases and CLV under any repeat model (BG/NBD, MBG/NBD,
 * Pareto/NBD) with Gamma-Gamma for spend, from the uncertainty of the fitted parameters by the delta
 * method (see prediction-interval.ts). The two fits maximise separate likelihoods, so their
 * log-parameters are taken as independent: one block-diagonal covariance, and CLV differentiated in
 * all of them at once. The centre of each interval is the prediction itself, computed by the same
 * functions as the stored value.
 */
import { type ClvCustomers, type ClvOptions, clvRepeatModelGammaGamma } from './clv.js';
import type { GammaGammaParams } from './gamma-gamma.js';
import { blockDiagonal, deltaMethodInterval, type PredictionInterval } from './prediction-interval.js';
import { type RepeatModel, repeatModelExpectedPurchases } from './repeat-model.js';

/** A fitted model with the covariance of its log-parameters, in the key order of its params. */
export interface UncertainFit<P> {
  params: P;
  logCovariance: number[][];
}

export interface RepeatModelIntervals {
  expectedPurchases: PredictionInterval;
  /** Absent without a spend model. */
  clv?: PredictionInterval;
}

/**
 * Intervals of the purchases expected over `horizon` and of CLV (as `clv` options) for every row of
 * `customers`, at the fits' parameters.
 */
export function repeatModelIntervals(
  repeat: { kind: RepeatModel['kind'] } & UncertainFit<RepeatModel['params']>,
  gammaGamma: UncertainFit<GammaGammaParams> | undefined,
  customers: ClvCustomers,
  options: { horizon: number; clv: ClvOptions },
): RepeatModelIntervals {
  const repeatNames = Object.keys(repeat.params);
  const modelAt = (theta: Float64Array, from = 0) =>
    ({
      kind: repeat.kind,
      params: Object.fromEntries(repeatNames.map((name, j) => [name, Math.exp(theta[from + j])])),
    }) as RepeatModel;
  const repeatTheta = Object.values(repeat.params).map(Math.log);
  const { frequency: x, recency, T } = customers;
  const expectedPurchases = deltaMethodInterval(
    (theta) => {
      const model = modelAt(theta);
      return Float64Array.from(x, (xi, i) =>
        repeatModelExpectedPurchases(model, options.horizon, xi, recency[i], T[i]),
      );
    },
    repeatTheta,
    Float64Array.from(repeat.logCovariance.flat()),
  );
  if (!gammaGamma) return { expectedPurchases };
  const k = repeatNames.length;
  const clv = deltaMethodInterval(
    (theta) =>
      clvRepeatModelGammaGamma(
        modelAt(theta),
        { p: Math.exp(theta[k]), q: Math.exp(theta[k + 1]), gamma: Math.exp(theta[k + 2]) },
        customers,
        options.clv,
      ),
    [...repeatTheta, ...Object.values(gammaGamma.params).map(Math.log)],
    blockDiagonal(repeat.logCovariance, gammaGamma.logCovariance),
  );
  return { expectedPurchases, clv };
}
