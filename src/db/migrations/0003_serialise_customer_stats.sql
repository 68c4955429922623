-- Two transactions writing sales of one customer at the same time both refreshed its aggregates from
-- their own snapshot: the second failed on the customer_stats key (delete + insert), or, had it been an
-- upsert, could keep totals that miss the other's rows. Locking the customers first serialises the
-- refreshes per customer; the statements after the lock see what the other transaction committed.
-- Row locks (not advisory locks) because a bulk write may touch 10,000 customers, and row locks take
-- no room in the shared lock table. FOR NO KEY UPDATE leaves foreign-key checks (KEY SHARE) unblocked;
-- the id order keeps two bulk writes from deadlocking.
create or replace function clm_refresh_customer_stats(p_workspace uuid, p_customers uuid[])
returns void language plpgsql as $$
declare tz text;
begin
  perform 1 from customers
  where workspace_id = p_workspace and id = any (p_customers)
  order by id
  for no key update;
  select timezone into tz from workspaces where id = p_workspace;
  delete from customer_stats where workspace_id = p_workspace and customer_id = any (p_customers);
  delete from customer_line_stats where workspace_id = p_workspace and customer_id = any (p_customers);
  insert into customer_stats
  select t.workspace_id, t.customer_id, min(t.occurred_at), max(t.occurred_at), count(*),
    count(distinct (t.occurred_at at time zone tz)::date), sum(t.amount), coalesce(sum(t.margin), 0)
  from transactions t
  where t.workspace_id = p_workspace and t.customer_id = any (p_customers)
  group by t.workspace_id, t.customer_id;
  insert into customer_line_stats
  select t.workspace_id, t.customer_id, t.business_line_id, min(t.occurred_at), max(t.occurred_at), count(*),
    count(distinct (t.occurred_at at time zone tz)::date), sum(t.amount), coalesce(sum(t.margin), 0)
  from transactions t
  where t.workspace_id = p_workspace and t.customer_id = any (p_customers) and t.business_line_id is not null
  group by t.workspace_id, t.customer_id, t.business_line_id;
end
$$;
