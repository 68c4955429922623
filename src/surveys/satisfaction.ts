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

/**
 * A satisfaction drop counts while the answer that showed it is at most this many days old, for the
 * churn risk and the stage rules alike: half a year, about two relationship surveys' interval.
 */
export const SATISFACTION_DROP_DAYS = 180;

/** One answered survey scored for comparison with the customer's earlier ones. */
export interface ScoredAnswer {
  /** Day number of the answer. */
  day: number;
  /** CSAT after tickets and C of relationship surveys are compared each with their own kind. */
  kind: 'ticket' | 'relationship';
  score: number;
}

/**
 * How much satisfaction a customer lost by `asOf`: their latest answer of a kind against the one before
 * it of the same kind, as a share of the earlier one (CSAT 5 then 3: 0.4), the larger of the two kinds.
 * 0 when it held or rose, without an earlier answer, or when the latest is older than `windowDays`:
 * an old disappointment is no sign of decline today. Answers after `asOf` are not known yet.
 *
 * @example
 * satisfactionDrop([{ day: 1, kind: 'ticket', score: 5 }, { day: 9, kind: 'ticket', score: 3 }], 10, 180) // 0.4
 */
export function satisfactionDrop(answers: readonly ScoredAnswer[], asOf: number, windowDays: number): number {
  let drop = 0;
  for (const kind of ['ticket', 'relationship'] as const) {
    const known = answers.filter((a) => a.kind === kind && a.day <= asOf).sort((a, b) => a.day - b.day);
    const latest = known.at(-1);
    const previous = known.at(-2);
    if (!latest || !previous || latest.day <= asOf - windowDays || !(previous.score > 0)) continue;
    drop = Math.max(drop, (previous.score - latest.score) / previous.score);
  }
  return drop;
}
