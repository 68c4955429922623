import type { RfmReport, RfmSegment } from '../api/types';

/**
 * The segment of each R×F cell, rows R = 5…1, columns F = 1…5: the same map the server scores with
 * (src/analytics/rfm.ts), so a cell can name the segment its customers are in.
 */
const SEGMENT_MAP: RfmSegment[][] = [
  ['New', 'Potential Loyalist', 'Potential Loyalist', 'Champions', 'Champions'],
  ['Promising', 'Potential Loyalist', 'Potential Loyalist', 'Loyal', 'Loyal'],
  ['About to Sleep', 'About to Sleep', 'Need Attention', 'Loyal', 'Loyal'],
  ['Hibernating', 'Hibernating', 'At Risk', 'At Risk', "Can't Lose Them"],
  ['Lost', 'Lost', 'At Risk', 'At Risk', "Can't Lose Them"],
];

/** Scores on another number of bins are placed on the five-point map first, ends onto ends, as the server does. */
const onFive = (score: number, bins: number) =>
  bins === 1 ? 3 : 1 + Math.round(((score - 1) * 4) / (bins - 1));

export const segmentOfCell = (r: number, f: number, bins = 5): RfmSegment =>
  SEGMENT_MAP[5 - onFive(r, bins)][onFive(f, bins) - 1];

export interface HeatCell {
  r: number;
  f: number;
  count: number;
  revenue: string;
  segment: RfmSegment;
  /** count / the largest count, 0…1, for the cell's colour. */
  heat: number;
}

/** The report's bins × bins cells as table rows: the best recency on top, frequency rising to the right. */
export function heatRows(grid: RfmReport['grid'], bins = 5): HeatCell[][] {
  const max = Math.max(0, ...grid.map((c) => c.count));
  const scores = Array.from({ length: bins }, (_, i) => i + 1);
  return [...scores].reverse().map((r) =>
    scores.map((f) => {
      const cell = grid.find((c) => c.r === r && c.f === f);
      const count = cell?.count ?? 0;
      return {
        r,
        f,
        count,
        revenue: cell?.revenue ?? '0.00',
        segment: segmentOfCell(r, f, bins),
        heat: max > 0 ? count / max : 0,
      };
    }),
  );
}
