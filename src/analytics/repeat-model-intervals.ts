/**
 * 90 % intervals of customers' expected purchases and CLV under any repeat model (BG/NBD, MBG/NBD,
 * Pareto/NBD) with Gamma-Gamma for spend, from the uncertainty of the fitted parameters by the delta
 * method (see prediction-interval.ts). The centre of each interval is the prediction itself, computed
 * by the same functions as the stored value.
 *
 * CLV is margin × spend × discounted purchases. The two fits maximise separate likelihoods, so their
 * log-parameters are independent and spend depends on Gamma-Gamma's alone, purchases on the repeat
 * model's alone: the variance of ln CLV is the sum of theirs, each differentiated in its own
 * parameters. Purchases depend on (x, t_x, T) alone, so they are differentiated once per distinct row,
 * which real summaries repeat many times over (whole days, one-time buyers).
 */
import { type ClvCustomers, type ClvOptions, clvRepeatModelGammaGamma, discountedPurchases } from './clv.js';
import { GAMMA_GAMMA_PARAMETERS, type GammaGammaParams, gammaGammaSpendEstimate } from './gamma-gamma.js';
import { Z90 } from './parameter-uncertainty.js';
import { deltaMethodInterval, type PredictionInterval } from './prediction-interval.js';
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
  const names: readonly string[] = REPEAT_MODEL_PARAMETERS[repeat.kind];
  const params = repeat.params as Record<string, number>;
  const modelAt = (theta: Float64Array) =>
    ({
      kind: repeat.kind,
      params: Object.fromEntries(names.map((name, j) => [name, Math.exp(theta[j])])),
    }) as RepeatModel;
  const theta = names.map((name) => Math.log(params[name]));
  const covariance = Float64Array.from(repeat.logCovariance.flat());
  const rows = distinctRows(customers);
  const perRow = (value: (model: RepeatModel, x: number, tx: number, T: number) => number) =>
    deltaMethodInterval(
      (t) => {
        const model = modelAt(t);
        return Float64Array.from(rows.x, (x, k) => value(model, x, rows.tx[k], rows.T[k]));
      },
      theta,
      covariance,
    );
  const expectedPurchases = spread(
    perRow((model, x, tx, T) => repeatModelExpectedPurchases(model, options.horizon, x, tx, T)),
    rows.index,
  );
  if (!gammaGamma) return { expectedPurchases };

  const { periods, discountRate } = options.clv;
  const length = options.clv.periodLength ?? 1;
  const discounted = perRow((model, x, tx, T) =>
    discountedPurchases(
      (t, x, tx, T) => repeatModelExpectedPurchases(model, t, x, tx, T),
      x,
      tx,
      T,
      periods,
      length,
      discountRate,
    ),
  );
  const { frequency, monetaryValue } = customers;
  const first = options.clv.oneTimeBuyerSpend === 'first-purchase' ? customers.firstAmount : undefined;
  const spend = deltaMethodInterval(
    (t) => {
      const gg = { p: Math.exp(t[0]), q: Math.exp(t[1]), gamma: Math.exp(t[2]) };
      return Float64Array.from(
        frequency,
        (x, i) => gammaGammaSpendEstimate(gg, x, x > 0 ? monetaryValue[i] : 0, first?.[i]).spend,
      );
    },
    GAMMA_GAMMA_PARAMETERS.map((name) => Math.log(gammaGamma.params[name])),
    Float64Array.from(gammaGamma.logCovariance.flat()),
  );
  const value = clvRepeatModelGammaGamma(
    { kind: repeat.kind, params: repeat.params } as RepeatModel,
    gammaGamma.params,
    customers,
    options.clv,
  );
  const n = value.length;
  const clv: PredictionInterval = {
    lower: new Float64Array(n),
    upper: new Float64Array(n),
    logSe: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    if (!(value[i] > 0)) continue;
    const se = Math.hypot(discounted.logSe[rows.index[i]], spend.logSe[i]);
    clv.logSe[i] = se;
    clv.lower[i] = value[i] * Math.exp(-Z90 * se);
    clv.upper[i] = value[i] * Math.exp(Z90 * se);
  }
  return { expectedPurchases, clv };
}

/** The distinct (x, t_x, T) rows of the customers and each customer's row. */
function distinctRows(customers: ClvCustomers) {
  const { frequency, recency, T } = customers;
  const index = new Int32Array(frequency.length);
  const seen = new Map<string, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const age: number[] = [];
  for (let i = 0; i < frequency.length; i++) {
    const key = `${frequency[i]} ${recency[i]} ${T[i]}`;
    let k = seen.get(key);
    if (k === undefined) {
      k = x.length;
      seen.set(key, k);
      x.push(frequency[i]);
      tx.push(recency[i]);
      age.push(T[i]);
    }
    index[i] = k;
  }
  return { index, x: Float64Array.from(x), tx: Float64Array.from(tx), T: Float64Array.from(age) };
}

function spread(distinct: PredictionInterval, index: Int32Array): PredictionInterval {
  const pick = (values: Float64Array) => Float64Array.from(index, (k) => values[k]);
  return { lower: pick(distinct.lower), upper: pick(distinct.upper), logSe: pick(distinct.logSe) };
}
