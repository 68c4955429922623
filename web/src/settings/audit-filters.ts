/** The filters of the audit page as typed: days are local calendar days, both ends included. */
export interface AuditFilters {
  actor: string;
  action: string;
  entityId: string;
  fromDay: string;
  toDay: string;
}

export const noAuditFilters: AuditFilters = { actor: '', action: '', entityId: '', fromDay: '', toDay: '' };

/** The start of a local day as an instant; `dayAfter` moves one calendar day on first. */
function startOf(day: string, dayAfter = false): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + (dayAfter ? 1 : 0));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The API's query for the filters: `to` is exclusive, so a last day of 5 May asks up to the start of 6 May. */
export function auditQuery(filters: AuditFilters) {
  return {
    actor: filters.actor || undefined,
    action: filters.action || undefined,
    entityId: filters.entityId.trim() || undefined,
    from: startOf(filters.fromDay),
    to: startOf(filters.toDay, true),
  };
}

/** What an entry changed, as `field: before → after` lines for the fields whose value differs. */
export function changedFields(
  before: unknown,
  after: unknown,
): { field: string; from: string; to: string }[] {
  const asRecord = (v: unknown): Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const b = asRecord(before);
  const a = asRecord(after);
  const show = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((field) => JSON.stringify(b[field]) !== JSON.stringify(a[field]))
    .map((field) => ({ field, from: show(b[field]), to: show(a[field]) }));
}
