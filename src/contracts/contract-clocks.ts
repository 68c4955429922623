import { sql } from 'kysely';

/**
 * What the pool return rules read of a customer's contracts, as columns for a query over `customers`
 * aliased `alias` (one lookup by the customer index each):
 * - `contracts_ended_at`: when its contracts ran out, the midnight after the latest end in the
 *   workspace's time zone; null while one of them is open-ended, or when it has none;
 * - `contract_signed_at`: the midnight starting the latest day it signed one, a deal being recorded
 *   activity as a follow-up or a purchase is;
 * - `contract_lines`: that day per business line, `{line id: instant}`, for the rules of a line.
 */
export function contractClockColumns(alias: string) {
  const workspace = sql.ref(`${alias}.workspace_id`);
  const customer = sql.ref(`${alias}.id`);
  // Uncorrelated, so read once per statement rather than once per customer.
  const timezone = sql`(select w.timezone from workspaces w where w.id = clm_current_workspace())`;
  const ofCustomer = sql`k.workspace_id = ${workspace} and k.customer_id = ${customer}`;
  return [
    sql<Date | string | null>`(select case when count(k.ends_on) = count(*)
        then (max(k.ends_on) + 1)::timestamp at time zone ${timezone} end
      from contracts k where ${ofCustomer})`.as('contracts_ended_at'),
    sql<Date | string | null>`(select max(k.signed_on)::timestamp at time zone ${timezone}
      from contracts k where ${ofCustomer})`.as('contract_signed_at'),
    sql<Record<string, string> | null>`(select json_object_agg(s.line, s.at) from (
        select k.business_line_id as line, max(k.signed_on)::timestamp at time zone ${timezone} as at
        from contracts k where ${ofCustomer} and k.business_line_id is not null
        group by k.business_line_id) s)`.as('contract_lines'),
  ] as const;
}
