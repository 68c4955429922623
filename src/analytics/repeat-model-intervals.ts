/**
 * 90 % intervals of customers' expected purchases and CLV under any repeat model (BG/NBD, MBG/NBD,
 * Pareto/NBD) with Gamma-Gamma for spend, from the uncertainty of the fitted parameters by the delta
 * method (see prediction-interval.ts). The two fits maximise separate likelihoods, so their
 * log-parameters are taken as independent: one block-diagonal covariance, and CLV differentiated in
 * all of them at once. The centre of each interval is the prediction itself, computed by the same
 * functions as the stored value.
 */
import { type ClvCustomers, type ClvOptions, clvRepeatModelGammaGamma } from './clv.js';
import { GAMMA_GAMMA_PARAMETERS, type GammaGammaParams } from './gamma-gamma.js';
import { blockDiagonal, deltaMethodInterval, type PredictionInterval } from './prediction-interval.js';
import { REPEAT_MODEL_PARAMETERS, type RepeatModel, repeatModelExpectedPurchases } from './repeat-model.js';

/**
 * A fitted model with the covariance of its log-parameters, laid out in the model's parameter order
 * (REPEAT_MODEL_PARAMETERS, GAMMA_GAMMA_PARAMETERS) whatever the key order of `params`.
 */
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
  const repeatNames: readonly string[] = REPEAT_MODEL_PARAMETERS[repeat.kind];
  const params = repeat.params as Record<string, number>;
  const modelAt = (theta: Float64Array) =>
    ({
      kind: repeat.kind,
      params: Object.fromEntries(repeatNames.map((name, j) => [name, Math.exp(theta[j])])),
    }) as RepeatModel;
  const repeatTheta = repeatNames.map((name) => Math.log(params[name]));
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
    [...repeatTheta, ...GAMMA_GAMMA_PARAMETERS.map((name) => Math.log(gammaGamma.params[name]))],
    blockDiagonal(repeat.logCovariance, gammaGamma.logCovariance),
  );
  return { expectedPurchases, clv };
}
