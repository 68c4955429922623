import { type SelectQueryBuilder, sql } from 'kysely';
import type { Tables } from '../db/tables.js';
import type { CustomerValueSummaryJson } from '../value/schema.js';
import type { LifecycleJson } from './schema.js';

/** What a customer read adds to the customer's own columns: the stage and the value summary. */
export interface StageAndValue {
  lifecycle: LifecycleJson | null;
  value: CustomerValueSummaryJson | null;
}

type CustomerQuery = SelectQueryBuilder<Tables, 'customers', object>;

/**
 * Joins each customer's current stage (`l`) and stored value (`v`): one row each at most, found by
 * their primary keys, so a page of customers costs two index probes per row. Stages per business line
 * are read only when the workspace has lines (an uncorrelated test PostgreSQL runs once).
 */
export function joinStageAndValue(query: CustomerQuery) {
  return query
    .leftJoin('customer_lifecycle as l', (join) =>
      join
        .onRef('l.workspace_id', '=', 'customers.workspace_id')
        .onRef('l.customer_id', '=', 'customers.id')
        .on('l.business_line_id', 'is', null),
    )
    .leftJoin('customer_values as v', (join) =>
      join.onRef('v.workspace_id', '=', 'customers.workspace_id').onRef('v.customer_id', '=', 'customers.id'),
    );
}

export const stageAndValueColumns = [
  sql<LifecycleJson | null>`case when l.stage is null then null else
    jsonb_build_object('model', coalesce((select s.model from lifecycle_settings s), 'relationship'),
      'stage', l.stage, 'since', l.since, 'cause', l.cause)
    || case when exists (select 1 from business_lines) then jsonb_build_object('byBusinessLine', coalesce(
      (select jsonb_agg(jsonb_build_object('businessLineId', b.business_line_id, 'stage', b.stage,
          'since', b.since, 'cause', b.cause) order by b.business_line_id)
        from customer_lifecycle b
        where b.workspace_id = customers.workspace_id and b.customer_id = customers.id
          and b.business_line_id is not null), '[]'))
      else '{}' end
    end`.as('lifecycle'),
  sql<CustomerValueSummaryJson | null>`case when v.customer_id is null then null else
    jsonb_build_object('asOf', v.as_of, 'rfmSegment', v.rfm_segment, 'cnClass', v.cn_class,
      'abcClass', v.abc_class, 'pAlive', v.p_alive, 'clv', v.clv::text, 'churnRisk', v.churn_risk,
      'churnLevel', v.churn_level, 'valueAtRisk', v.value_at_risk::text,
      'churnAbsentReason', v.churn_absent_reason)
    end`.as('value'),
] as const;
