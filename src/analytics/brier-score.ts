/**
 * Brier score (Brier 1950): the mean squared difference between a predicted probability and the
 * 0/1 outcome. 0 is perfect; predicting the base rate b for everyone scores b(1 − b). Unlike AUC it
 * rewards probabilities that are right, not only a right order.
 */
export function brierScore(probability: Float64Array, labels: Uint8Array): number {
  let total = 0;
  for (let i = 0; i < probability.length; i++) total += (probability[i] - labels[i]) ** 2;
  return total / probability.length;
}
