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

export const segmentOfCell = (r: number, f: number): RfmSegment => SEGMENT_MAP[5 - r][f - 1];

export interface HeatCell {
  r: number;
  f: number;
  count: number;
  revenue: string;
  segment: RfmSegment;
  /** count / the largest count, 0…1, for the cell's colour. */
  heat: number;
}

/** The report's 25 cells as table rows: the best recency on top, frequency rising to the right. */
export function heatRows(grid: RfmReport['grid']): HeatCell[][] {
  const max = Math.max(0, ...grid.map((c) => c.count));
  return [5, 4, 3, 2, 1].map((r) =>
    [1, 2, 3, 4, 5].map((f) => {
      const cell = grid.find((c) => c.r === r && c.f === f);
      const count = cell?.count ?? 0;
      return {
        r,
        f,
        count,
        revenue: cell?.revenue ?? '0.00',
        segment: segmentOfCell(r, f),
        heat: max > 0 ? count / max : 0,
      };
    }),
  );
}
