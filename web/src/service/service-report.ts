import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';

export interface Spread {
  count: number;
  median: number | null;
  p90: number | null;
}

export interface Attainment {
  met: number;
  missed: number;
  percent: number | null;
}

export interface SegmentFigures {
  key: string | null;
  /** A team's name (team segments only). */
  name?: string | null;
  tickets: number;
  complaints: number;
  resolutionMinutes: Spread;
  resolutionAttainment: Attainment;
}

export interface ChurnGroup {
  customers: number;
  measured: number;
  lapsed: number;
  lapsedPercent: number | null;
}

export type SegmentBy = 'stage' | 'abcClass' | 'team';

/** `GET /analytics/service`: the desk over the tickets opened in a period. */
export interface ServiceReport {
  tickets: number;
  firstResponseMinutes: Spread;
  resolutionMinutes: Spread;
  slaAttainment: Record<'firstResponse' | 'resolution', Attainment>;
  topCategories: { category: string | null; count: number }[];
  repeatComplainers: { customerId: string; complaints: number }[];
  csatAfterResolution: { responses: number; average: number | null };
  segments: Record<SegmentBy, SegmentFigures[]>;
  complainerChurn: { days: number; complained: ChurnGroup; others: ChurnGroup };
}

const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The report over the last 90 days, shared by the cards that show it (one request). */
export function useServiceReport() {
  const to = day(Date.now() + DAY_MS);
  const from = day(Date.now() - 90 * DAY_MS);
  return useQuery({
    queryKey: ['service-report', from],
    queryFn: ({ signal }) => api.get<ServiceReport>('/analytics/service', { from, to }, signal),
  });
}
