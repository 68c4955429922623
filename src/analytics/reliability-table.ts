/** One bin of a reliability table. */
export interface ReliabilityBin {
  count: number;
  /** Mean predicted probability of the bin's customers. */
  meanPredicted: number;
  /** Share of them for whom the event happened. */
  observed: number;
}

/**
 * Reliability table (calibration by deciles, as in Hosmer–Lemeshow): customers sorted by predicted
 * probability and cut into `bins` groups of equal size (the first ones take the remainder), each
 * with its mean prediction and observed rate. A calibrated model has the two close in every bin.
 */
export function reliabilityTable(probability: Float64Array, labels: Uint8Array, bins = 10): ReliabilityBin[] {
  const n = probability.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => probability[a] - probability[b]);
  const table: ReliabilityBin[] = [];
  const size = Math.floor(n / bins);
  let extra = n % bins;
  let at = 0;
  for (let b = 0; b < bins && at < n; b++) {
    const count = size + (extra > 0 ? 1 : 0);
    if (extra > 0) extra--;
    if (count === 0) continue;
    let predicted = 0;
    let observed = 0;
    for (let k = at; k < at + count; k++) {
      predicted += probability[order[k]];
      observed += labels[order[k]];
    }
    table.push({ count, meanPredicted: predicted / count, observed: observed / count });
    at += count;
  }
  return table;
}
