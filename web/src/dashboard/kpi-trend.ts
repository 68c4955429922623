/** Which way is good for a lifecycle aim: shorter exploration and formation, longer stability, less decline. */
export type Better = 'lower' | 'higher';

export interface Trend {
  latest: number | null;
  previous: number | null;
  /** latest − previous; null unless both exist. */
  change: number | null;
  /** Whether the change goes the good way; null when there is no change to judge. */
  improving: boolean | null;
}

/**
 * The latest month with a figure against the month with a figure before it. Months without one
 * (no stays ended, nobody to divide by) are skipped rather than read as zero.
 */
export function kpiTrend(values: (number | null)[], better: Better): Trend {
  const known = values.filter((v): v is number => v !== null);
  const latest = known.at(-1) ?? null;
  const previous = known.length > 1 ? known[known.length - 2] : null;
  const change = latest !== null && previous !== null ? latest - previous : null;
  const improving = change === null || change === 0 ? null : better === 'lower' ? change < 0 : change > 0;
  return { latest, previous, change, improving };
}

/** An SVG polyline's points for a sparkline of `width` × `height`, gaps (null) left out. */
export function sparkline(values: (number | null)[], width: number, height: number): string {
  const known = values.filter((v): v is number => v !== null);
  if (known.length < 2) return '';
  const min = Math.min(...known);
  const span = Math.max(...known) - min || 1;
  const step = width / Math.max(1, values.length - 1);
  return values
    .map((v, i) => (v === null ? null : `${round(i * step)},${round(height - ((v - min) / span) * height)}`))
    .filter((p) => p !== null)
    .join(' ');
}

const round = (n: number) => Math.round(n * 10) / 10;
