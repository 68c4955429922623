/** One dimension of a relationship survey, on 1–7 scales: what the customer expected and what they got. */
export interface Rating {
  code: string;
  expectation: number;
  perception: number;
}

/**
 * Satisfaction as perception over expectation, C = b / a, per dimension: 1 is "as expected", above 1
 * better than expected. The overall figure is the mean of the dimensions' C, so that each counts the same
 * whatever its scale was used for.
 *
 * @example
 * satisfaction([{ code: 'delivery', expectation: 6, perception: 3 }]) // { byDimension: { delivery: 0.5 }, overall: 0.5 }
 */
export function satisfaction(ratings: readonly Rating[]) {
  const byDimension: Record<string, number> = {};
  for (const r of ratings) byDimension[r.code] = r.perception / r.expectation;
  const values = Object.values(byDimension);
  return { byDimension, overall: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null };
}

/**
 * Net Promoter Score from 0–10 answers: the share of promoters (9–10) minus the share of detractors
 * (0–6), in points from −100 to 100; null without answers.
 */
export function netPromoterScore(scores: readonly number[]) {
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return {
    responses: scores.length,
    promoters,
    passives: scores.length - promoters - detractors,
    detractors,
    nps: scores.length ? (100 * (promoters - detractors)) / scores.length : null,
  };
}

/** CSAT from 1–5 answers: the mean, and the share of satisfied answers (4 or 5) in percent. */
export function customerSatisfaction(scores: readonly number[]) {
  const satisfied = scores.filter((s) => s >= 4).length;
  return {
    responses: scores.length,
    average: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
    satisfiedPercent: scores.length ? (100 * satisfied) / scores.length : null,
  };
}
