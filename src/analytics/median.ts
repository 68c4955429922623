/**
 * The median of the first `n` values (NaN when there are none), partly reordering them: the middle is
 * selected (Hoare's quickselect, median-of-three pivots), not sorted, which matters for a million.
 */
export function medianInPlace(values: Float64Array, n = values.length): number {
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  const upper = select(values, n, mid);
  if (n % 2 === 1) return upper;
  // After selecting the upper middle, the lower one is the largest value to its left.
  let lower = values[0];
  for (let i = 1; i < mid; i++) if (values[i] > lower) lower = values[i];
  return (lower + upper) / 2;
}

/** The k-th smallest (from 0) of the first n values; afterwards the values before position k are at most it. */
function select(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const pivot = Math.max(Math.min(a[lo], a[mid]), Math.min(Math.max(a[lo], a[mid]), a[hi]));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}
