/**
 * Special functions for the customer-base likelihoods.
 *
 * lnΓ, ψ and ln B come from the @stdlib packages: they are accurate to a few ulps over the whole
 * positive axis, dependency-free and typed, which a hand-rolled Lanczos/asymptotic pair would have to
 * prove again. No maintained package offers the Gauss hypergeometric 2F1 for real arguments, so it is
 * summed here; the models only need it for 0 <= z < 1, where the series converges.
 */
import betaln from '@stdlib/math-base-special-betaln';
import digamma from '@stdlib/math-base-special-digamma';
import gammaln from '@stdlib/math-base-special-gammaln';

export { betaln, digamma, gammaln };

const MAX_TERMS = 1_000_000;

/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) by its power series, for |z| < 1.
 * Throws a RangeError if the series has not converged after a million terms (z very close to 1),
 * so that a caller never receives a truncated sum as if it were the value.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(Math.abs(z) < 1)) throw new RangeError(`hyp2f1: |z| must be < 1, got ${z}`);
  let term = 1;
  let sum = 1;
  for (let n = 0; n < MAX_TERMS; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    sum += term;
    // Past the point where the term ratio is below one, the tail is bounded by a geometric series.
    if (Math.abs(term) <= 1e-17 * Math.abs(sum) * (1 - Math.abs(z)) || term === 0) return sum;
  }
  throw new RangeError(`hyp2f1(${a}, ${b}; ${c}; ${z}) did not converge`);
}

/** The series G = 2F1(1, b; c; z) = Σ (b)_n / (c)_n z^n and its partial derivatives. */
export interface HypSeries {
  value: number;
  dB: number;
  dC: number;
  dZ: number;
}

/**
 * 2F1(1, b; c; z) with its derivatives in b, c and z, for 0 <= z < 1 and b, c > 0. All terms are
 * positive, so the sum has no cancellation; d/db of (b)_n is (b)_n Σ_{k<n} 1/(b+k), likewise for c.
 * The Pareto/NBD likelihood needs exactly this function (see pareto-nbd.ts).
 */
export function hyp2f1OneSeries(b: number, c: number, z: number, out: HypSeries): HypSeries {
  out.value = 1;
  out.dB = 0;
  out.dC = 0;
  out.dZ = b / c;
  if (z === 0) return out;
  let term = 1;
  let sb = 0;
  let sc = 0;
  let sum = 1;
  let dB = 0;
  let dC = 0;
  let nTerm = 0;
  for (let n = 0; n < MAX_TERMS; n++) {
    sb += 1 / (b + n);
    sc += 1 / (c + n);
    term *= ((b + n) / (c + n)) * z;
    sum += term;
    dB += term * sb;
    dC -= term * sc;
    nTerm += (n + 1) * term;
    if (term <= 1e-17 * sum * (1 - z)) {
      out.value = sum;
      out.dB = dB;
      out.dC = dC;
      out.dZ = nTerm / z;
      return out;
    }
  }
  throw new RangeError(`2F1(1, ${b}; ${c}; ${z}) did not converge`);
}
