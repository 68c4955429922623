import { type RawBuilder, sql } from 'kysely';

/**
 * Audit entries about these customers: entries on them, entries on a record whose customer they are
 * (contacts, interactions, tasks, transactions carry `customerId`), and merges that took them in.
 */
export function aboutCustomers(ids: string[]): RawBuilder<boolean> {
  return sql<boolean>`(entity_id = any(${ids}::text[])
    or before ->> 'customerId' = any(${ids}::text[])
    or after ->> 'customerId' = any(${ids}::text[])
    or (after -> 'mergedIds') ?| ${ids}::text[])`;
}
