import { sql } from 'kysely';
import { businessMinutesBetween } from '../calendars/business-hours.js';
import type { Tx } from '../db/tenant.js';
import { serviceContext } from './settings.js';

/** The p-quantile of sorted values, interpolating between ranks (R's type 7); null when empty. */
function quantile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

const spread = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
};

const attainment = (met: number, missed: number) => ({
  met,
  missed,
  percent: met + missed ? (100 * met) / (met + missed) : null,
});

interface TicketFacts {
  id: string;
  customer_id: string;
  kind: string;
  category: string | null;
  month: string;
  created_at: Date;
  first_response_at: Date | null;
  resolved_at: Date | null;
  paused_minutes: number;
  first_response_minutes: number | null;
  resolution_minutes: number | null;
}

/**
 * The service desk over tickets opened in [from, to): volume by month, kind and category; working
 * minutes to first response and to resolution (median, 90th percentile); SLA attainment; the most
 * frequent categories; customers who complained more than once; CSAT after resolution; and the churn
 * risk of customers who complained beside that of buyers who did not.
 */
export async function serviceReport(tx: Tx, from: string, to: string) {
  const { calendar } = await serviceContext(tx);
  const { rows: tickets } = await sql<TicketFacts>`
    select t.id, t.customer_id, t.kind, t.category, t.created_at, t.first_response_at, t.resolved_at,
      t.paused_minutes, t.first_response_minutes, t.resolution_minutes,
      to_char(t.created_at at time zone w.timezone, 'YYYY-MM') as month
    from tickets t join workspaces w on w.id = t.workspace_id
    where t.created_at >= ${from}::date and t.created_at < ${to}::date`.execute(tx);

  const volume = new Map<string, { month: string; kind: string; category: string | null; count: number }>();
  const categories = new Map<string | null, number>();
  const complaints = new Map<string, number>();
  const toFirst: number[] = [];
  const toResolve: number[] = [];
  const first = { met: 0, missed: 0 };
  const resolution = { met: 0, missed: 0 };
  for (const t of tickets) {
    const key = `${t.month}\n${t.kind}\n${t.category}`;
    const cell = volume.get(key) ?? { month: t.month, kind: t.kind, category: t.category, count: 0 };
    cell.count++;
    volume.set(key, cell);
    categories.set(t.category, (categories.get(t.category) ?? 0) + 1);
    if (t.kind === 'complaint') complaints.set(t.customer_id, (complaints.get(t.customer_id) ?? 0) + 1);
    const answered = t.first_response_at ?? t.resolved_at;
    if (answered) {
      const minutes = businessMinutesBetween(calendar, t.created_at, answered);
      toFirst.push(minutes);
      if (t.first_response_minutes !== null) first[minutes <= t.first_response_minutes ? 'met' : 'missed']++;
    }
    if (t.resolved_at) {
      const minutes = businessMinutesBetween(calendar, t.created_at, t.resolved_at) - t.paused_minutes;
      toResolve.push(minutes);
      if (t.resolution_minutes !== null) resolution[minutes <= t.resolution_minutes ? 'met' : 'missed']++;
    }
  }

  const { rows: csat } = await sql<{ responses: number; average: number | null }>`
    select count(*)::int as responses, avg(s.csat)::float8 as average from surveys s
    join tickets t on t.workspace_id = s.workspace_id and t.id = s.ticket_id
    where s.csat is not null and t.created_at >= ${from}::date and t.created_at < ${to}::date`.execute(tx);
  const complainers = [...complaints.keys()];
  const { rows: churn } = await sql<{ complained: boolean; customers: number; mean_risk: number | null }>`
    select v.customer_id = any(${complainers}::uuid[]) as complained, count(*)::int as customers,
      avg(v.churn_risk)::float8 as mean_risk
    from customer_values v group by 1`.execute(tx);
  const churnOf = (complained: boolean) => {
    const row = churn.find((r) => r.complained === complained);
    return { customers: row?.customers ?? 0, meanChurnRisk: row?.mean_risk ?? null };
  };

  return {
    from,
    to,
    tickets: tickets.length,
    volume: [...volume.values()].sort(
      (a, b) =>
        a.month.localeCompare(b.month) ||
        a.kind.localeCompare(b.kind) ||
        (a.category ?? '').localeCompare(b.category ?? ''),
    ),
    topCategories: [...categories]
      .map(([category, count]) => ({ category, count }))
      .sort((a, b) => b.count - a.count || (a.category ?? '').localeCompare(b.category ?? ''))
      .slice(0, 10),
    firstResponseMinutes: spread(toFirst),
    resolutionMinutes: spread(toResolve),
    slaAttainment: {
      firstResponse: attainment(first.met, first.missed),
      resolution: attainment(resolution.met, resolution.missed),
    },
    repeatComplainers: [...complaints]
      .filter(([, n]) => n > 1)
      .map(([customerId, complaints]) => ({ customerId, complaints }))
      .sort((a, b) => b.complaints - a.complaints || a.customerId.localeCompare(b.customerId))
      .slice(0, 50),
    csatAfterResolution: { responses: csat[0]?.responses ?? 0, average: csat[0]?.average ?? null },
    churnRisk: { complained: churnOf(true), others: churnOf(false) },
  };
}
