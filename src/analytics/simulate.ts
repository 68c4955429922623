/**
 * Draws customer summaries from the generative processes of the models, for parameter-recovery tests
 * and benchmarks. Customers are observed for T drawn uniformly from [minT, maxT]; times are rounded to
 * whole days (1/7 week) as real summaries are, so identical rows repeat as they do in real data.
 */
import type { BgNbdParams } from './bgnbd.js';
import type { RepeatSummary } from './fit-result.js';
import type { GammaGammaParams } from './gamma-gamma.js';
import type { ParetoNbdParams } from './pareto-nbd.js';
import { createRandom, type Random } from './random.js';

export interface SimulationOptions {
  customers: number;
  seed: number;
  /** Observation length range, in weeks. */
  minT?: number;
  maxT?: number;
}

const DAY = 1 / 7;

function allocate(n: number): Required<Omit<RepeatSummary, 'weights'>> {
  return { frequency: new Float64Array(n), recency: new Float64Array(n), T: new Float64Array(n) };
}

function drawT(random: Random, options: SimulationOptions): number {
  const min = options.minT ?? 26;
  const max = options.maxT ?? 52;
  return Math.round((min + (max - min) * random.uniform()) / DAY) * DAY;
}

/** BG/NBD (FHL 2005, section 2): dropout with probability p right after each repeat purchase. */
export function simulateBgNbd(params: BgNbdParams, options: SimulationOptions): RepeatSummary {
  const random = createRandom(options.seed);
  const out = allocate(options.customers);
  for (let i = 0; i < options.customers; i++) {
    const T = drawT(random, options);
    const lambda = random.gamma(params.r, params.alpha);
    const p = random.beta(params.a, params.b);
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += random.exponential(lambda);
      if (Math.round(t / DAY) * DAY > T) break;
      x++;
      tx = t;
      if (random.uniform() < p) break;
    }
    store(out, i, x, tx, T);
  }
  return out;
}

/**
 * MBG/NBD (Batislam et al. 2007): as BG/NBD, but the customer may also leave with probability p right
 * after the first purchase, before any repeat purchase.
 */
export function simulateMbgNbd(params: BgNbdParams, options: SimulationOptions): RepeatSummary {
  const random = createRandom(options.seed);
  const out = allocate(options.customers);
  for (let i = 0; i < options.customers; i++) {
    const T = drawT(random, options);
    const lambda = random.gamma(params.r, params.alpha);
    const p = random.beta(params.a, params.b);
    let t = 0;
    let x = 0;
    let tx = 0;
    while (random.uniform() >= p) {
      t += random.exponential(lambda);
      if (Math.round(t / DAY) * DAY > T) break;
      x++;
      tx = t;
    }
    store(out, i, x, tx, T);
  }
  return out;
}

/** Pareto/NBD (Schmittlein et al. 1987): an exponential lifetime with rate μ ~ Gamma(s, β). */
export function simulateParetoNbd(params: ParetoNbdParams, options: SimulationOptions): RepeatSummary {
  const random = createRandom(options.seed);
  const out = allocate(options.customers);
  for (let i = 0; i < options.customers; i++) {
    const T = drawT(random, options);
    const lambda = random.gamma(params.r, params.alpha);
    const lifetime = random.exponential(random.gamma(params.s, params.beta));
    const end = Math.min(T, lifetime);
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += random.exponential(lambda);
      if (t > end || Math.round(t / DAY) * DAY > T) break;
      x++;
      tx = t;
    }
    store(out, i, x, tx, T);
  }
  return out;
}

/** Repeat purchases are merged per day as in real summaries, so recency is rounded to a day. */
function store(out: Required<Omit<RepeatSummary, 'weights'>>, i: number, x: number, tx: number, T: number) {
  out.frequency[i] = x;
  out.recency[i] = Math.min(T, Math.round(tx / DAY) * DAY);
  out.T[i] = T;
}

/**
 * Gamma-Gamma (Fader & Hardie 2013): each customer's mean spend per purchase has scale ν ~ Gamma(q, γ);
 * a purchase's value is Gamma(p, ν), so the mean of x purchases is Gamma(p·x, x·ν).
 */
export function simulateGammaGamma(
  params: GammaGammaParams,
  frequency: Float64Array,
  seed: number,
): Float64Array {
  const random = createRandom(seed);
  const spend = new Float64Array(frequency.length);
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i];
    if (x === 0) continue;
    const nu = random.gamma(params.q, params.gamma);
    spend[i] = random.gamma(params.p * x, x * nu);
  }
  return spend;
}
