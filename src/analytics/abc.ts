export interface AbcOptions {
  /** Cumulative share of value covered by class A. Default 0.8. */
  a?: number;
  /** Further share covered by class B. Default 0.15; C holds the rest. */
  b?: number;
  /** The values sorted ascending, when the caller has them already. */
  sorted?: Float64Array;
}

export const ABC_CLASSES = ['A', 'B', 'C'] as const;
export type AbcClass = (typeof ABC_CLASSES)[number];

/**
 * ABC (Pareto) classes by cumulative share of value (revenue or margin), largest first: class index
 * 0 = A, 1 = B, 2 = C.
 *
 * Boundary rule: customers are taken in groups of equal value, largest first; a group joins A while
 * the share accumulated *before* it is below `a`, so A holds at most `a` plus the one group that
 * crosses the line (one customer when values are distinct), and likewise for B at `a + b`. Equal
 * values thus always share a class and the result does not depend on row order. Values ≤ 0 add
 * nothing to the revenue and are always C; with no positive value at all every customer is C.
 *
 * @example abcClasses(Float64Array.of(70, 20, 6, 4)) // → [0, 0, 1, 2]: 70 < 80 %, so 20 joins A
 */
export function abcClasses(values: Float64Array, options: AbcOptions = {}): Uint8Array {
  const a = options.a ?? 0.8;
  const b = options.b ?? 0.15;
  if (!(a >= 0 && b >= 0 && a + b <= 1)) throw new RangeError('ABC shares must be ≥ 0 and a + b ≤ 1');
  const sorted = options.sorted ?? Float64Array.from(values).sort();
  let total = 0;
  for (let i = 0; i < sorted.length; i++) if (sorted[i] > 0) total += sorted[i];
  const out = new Uint8Array(values.length).fill(2);
  if (!(total > 0)) return out;
  const [cutA, cutB] = cutoffs(sorted, total * a, total * (a + b));
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > 0) out[i] = v >= cutA ? 0 : v >= cutB ? 1 : 2;
  }
  return out;
}

/** The smallest values still in A and in B, walking tie groups down from the largest. */
function cutoffs(ascending: Float64Array, limitA: number, limitB: number): [number, number] {
  let cutA = Number.POSITIVE_INFINITY;
  let cutB = Number.POSITIVE_INFINITY;
  let before = 0;
  let i = ascending.length - 1;
  while (i >= 0 && ascending[i] > 0) {
    const v = ascending[i];
    let group = 0;
    for (; i >= 0 && ascending[i] === v; i--) group += v;
    if (before < limitA) cutA = v;
    if (before < limitB) cutB = v;
    else break;
    before += group;
  }
  return [cutA, cutB];
}
