import { useQuery } from '@tanstack/react-query';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { Answer } from '../api/types';

/** `GET /analytics/service`: the desk over the tickets opened in a period. */
export type ServiceReport = Answer<'/analytics/service'>;
export type SegmentBy = keyof ServiceReport['segments'];
/** One segment's figures; only a team's carry a name. */
export type SegmentFigures = ServiceReport['segments'][SegmentBy][number] & { name?: string | null };
export type ChurnGroup = ServiceReport['complainerChurn']['complained'];

const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The report over the last 90 days, shared by the cards that show it (one request). */
export function useServiceReport() {
  const to = day(Date.now() + DAY_MS);
  const from = day(Date.now() - 90 * DAY_MS);
  return useQuery({
    queryKey: ['service-report', from],
    queryFn: ({ signal }) => ok(api.GET('/analytics/service', { params: { query: { from, to } }, signal })),
  });
}
