/**
 * A seeded pseudo-random generator and the samplers the model simulations need. sfc32 (Chris
 * Doty-Humphrey's Small Fast Counting generator) passes PractRand, has a 128-bit state and is fast
 * with 32-bit integer arithmetic; two outputs make one 53-bit uniform.
 */
export interface Random {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Exponential with the given rate. */
  exponential(rate: number): number;
  /** Gamma with the given shape and rate (mean shape / rate). */
  gamma(shape: number, rate: number): number;
  /** Beta(a, b). */
  beta(a: number, b: number): number;
  /** Poisson with the given mean. */
  poisson(mean: number): number;
}

export function createRandom(seed: number): Random {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed | 0;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) next();
  const uniform = () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
  const normal = () => {
    // Box–Muller; 1 − U keeps the logarithm finite.
    return Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  };
  const gamma = (shape: number, rate: number): number => {
    // Marsaglia & Tsang (2000); for shape < 1, Gamma(k) = Gamma(k + 1) · U^(1/k).
    if (shape < 1) return gamma(shape + 1, rate) * (1 - uniform()) ** (1 / shape);
    const dd = shape - 1 / 3;
    const cc = 1 / Math.sqrt(9 * dd);
    for (;;) {
      const z = normal();
      const v = (1 + cc * z) ** 3;
      if (v <= 0) continue;
      const u = 1 - uniform();
      if (Math.log(u) < 0.5 * z * z + dd - dd * v + dd * Math.log(v)) return (dd * v) / rate;
    }
  };
  const exponential = (rate: number) => -Math.log(1 - uniform()) / rate;
  const beta = (p: number, q: number) => {
    const x = gamma(p, 1);
    return x / (x + gamma(q, 1));
  };
  const poisson = (mean: number) => {
    // Counting unit-rate exponential arrivals; the simulations only draw small means.
    let k = 0;
    let t = exponential(1);
    while (t < mean) {
      k++;
      t += exponential(1);
    }
    return k;
  };
  return { uniform, exponential, gamma, beta, poisson };
}
