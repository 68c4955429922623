import { type RawBuilder, sql } from 'kysely';

/**
 * Audit entries about these customers: entries on them, entries on a record whose customer they are
 * (contacts, interactions, tasks, transactions carry `customerId`), and merges that took them in.
 * `idColumn` names the audit row's id in the caller's query. One subquery per part, each on its own
 * index (0017_audit_privacy.sql): as one OR, the planner read the workspace's whole trail. A merge that
 * took a customer in is found through that customer's own merge entry (`mergedInto`), by record.
 */
export function aboutCustomers(ids: string[], idColumn = 'id'): RawBuilder<boolean> {
  const list = sql`${ids}::text[]`;
  return sql<boolean>`${sql.ref(idColumn)} in (
    select id from audit_log where entity_id = any(${list})
    union select id from audit_log where before_customer_id = any(${list})
    union select id from audit_log where after_customer_id = any(${list})
    union select id from audit_log
      where action = 'merge' and entity = 'customer' and (after -> 'mergedIds') ?| ${list}
        and entity_id = any(array(select after ->> 'mergedInto' from audit_log
          where action = 'merge' and entity = 'customer' and entity_id = any(${list}))))`;
}
