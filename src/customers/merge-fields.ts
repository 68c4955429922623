import type { CustomerRow } from './repository.js';

/** The fields a merge combines, as the customer row names them. */
export const MERGED_FIELDS = [
  'company',
  'phones',
  'emails',
  'industry',
  'region',
  'source',
  'tags',
  'birthday',
  'custom',
  'consent',
  'external_id',
] as const satisfies readonly (keyof CustomerRow)[];

/**
 * The survivor's fields after a merge: what the survivor has wins, and nothing the others had is lost.
 * Its owner is not a field: an owner the survivor inherits is an ownership change (`mergedOwner`).
 */
export type MergedFields = Pick<CustomerRow, (typeof MERGED_FIELDS)[number]>;

/** A customer's merged fields as they stand, e.g. the survivor's before its merge. */
export const mergedFieldsOf = (row: MergedFields): MergedFields =>
  Object.fromEntries(MERGED_FIELDS.map((field) => [field, row[field]])) as MergedFields;

const union = (lists: string[][]) => [...new Set(lists.flat())];
const first = <T>(values: (T | null)[]): T | null => values.find((v) => v !== null) ?? null;

/**
 * Lists (phones, e-mails, tags) are joined, survivor's entries first; an empty field of the survivor
 * takes the first source's value, in the order the sources were named; custom fields the survivor lacks
 * are added. Consent is the exception: a channel anyone opted out of stays opted out, because merging
 * two records must not turn a "no" into a "yes".
 */
export function mergeFields(survivor: MergedFields, sources: MergedFields[]): MergedFields {
  const all = [survivor, ...sources];
  const consent: Record<string, boolean> = {};
  for (const record of all)
    for (const [channel, given] of Object.entries(record.consent))
      consent[channel] = (consent[channel] ?? true) && given;
  return {
    company: first(all.map((r) => r.company)),
    phones: union(all.map((r) => r.phones)),
    emails: union(all.map((r) => r.emails)),
    industry: first(all.map((r) => r.industry)),
    region: first(all.map((r) => r.region)),
    source: first(all.map((r) => r.source)),
    tags: union(all.map((r) => r.tags)),
    birthday: first(all.map((r) => r.birthday)),
    custom: Object.assign({}, ...[...all].reverse().map((r) => r.custom)),
    consent,
    external_id: first(all.map((r) => r.external_id)),
  };
}

/** The first source's owner, in the order named, for a survivor without one; null when it keeps its own. */
export function mergedOwner(
  survivor: Pick<CustomerRow, 'owner_id'>,
  sources: Pick<CustomerRow, 'id' | 'owner_id'>[],
): { ownerId: string; customerId: string } | null {
  if (survivor.owner_id !== null) return null;
  const source = sources.find((s) => s.owner_id !== null);
  return source?.owner_id ? { ownerId: source.owner_id, customerId: source.id } : null;
}
