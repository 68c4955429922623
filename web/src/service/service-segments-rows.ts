import type { ChurnGroup, SegmentBy, SegmentFigures } from './service-report';

export interface SegmentRow {
  /** The segment's key, '' for customers without one. */
  key: string;
  /** What the reader sees: a stage's label, a class, a team's name; null for customers without one. */
  label: string | null;
  tickets: number;
  /** Complaints as a share of the segment's tickets (0–1). */
  complaintShare: number | null;
  medianResolutionMinutes: number | null;
  /** Resolved within target, in percent of those with a target; null when none had one. */
  onTimePercent: number | null;
}

/**
 * The rows of one segmenting, in the order a reader expects: stages in the model's order (`order`),
 * classes A to C, teams by name; then any key the order does not know, and customers without a segment
 * last. `labelOf` names a key (a stage's label in the reader's language).
 */
export function segmentRows(
  figures: readonly SegmentFigures[],
  by: SegmentBy,
  labelOf: (key: string) => string,
  order: readonly string[] = [],
): SegmentRow[] {
  const rank = (f: SegmentFigures) => {
    if (f.key === null) return Number.MAX_SAFE_INTEGER;
    const at = order.indexOf(f.key);
    return at < 0 ? order.length : at;
  };
  const name = (f: SegmentFigures) =>
    f.key === null ? null : by === 'team' ? (f.name ?? f.key) : labelOf(f.key);
  return [...figures]
    .sort((a, b) => rank(a) - rank(b) || (name(a) ?? '').localeCompare(name(b) ?? ''))
    .map((f) => ({
      key: f.key ?? '',
      label: name(f),
      tickets: f.tickets,
      complaintShare: f.tickets ? f.complaints / f.tickets : null,
      medianResolutionMinutes: f.resolutionMinutes.median,
      onTimePercent: f.resolutionAttainment.percent,
    }));
}

export interface ChurnComparison {
  /** Percent of measured complainers who made no purchase in the days after their first complaint. */
  complained: number | null;
  others: number | null;
  /** How many percentage points more complainers lapsed than other buyers (negative: fewer). */
  differencePoints: number | null;
  /** Nobody could be measured yet: the days after the complaints have not passed. */
  pending: boolean;
}

/** Complainers who stopped buying against the other buyers, rounded to one decimal. */
export function churnComparison(churn: { complained: ChurnGroup; others: ChurnGroup }): ChurnComparison {
  const { complained, others } = churn;
  const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
  return {
    complained: round(complained.lapsedPercent),
    others: round(others.lapsedPercent),
    differencePoints:
      complained.lapsedPercent === null || others.lapsedPercent === null
        ? null
        : round(complained.lapsedPercent - others.lapsedPercent),
    pending: complained.measured === 0,
  };
}
