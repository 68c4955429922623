-- The aggregates' refresh of a few customers (a write through the API, a range of an import on the
-- embedded database) reaches them through the primary key and the customer index, whatever the
-- session planned before. plpgsql keeps the plans it made in a session: once a whole-file import had
-- planned a join that reads every row of the workspace, each short range of a later import read them
-- all again, and the embedded database's ranges grew slower as the workspace grew (20,000 rows in
-- ranges of 1,000: the last range four times the first). The join stays for many customers.
create or replace function clm_refresh_customer_stats(p_workspace uuid, p_customers uuid[])
returns void language plpgsql as $$
declare tz text;
begin
  select timezone into tz from workspaces where id = p_workspace;
  if cardinality(p_customers) <= 1000 then
    perform 1 from customers c
    where c.workspace_id = p_workspace and c.id = any (p_customers)
    order by c.id
    for no key update of c;
    delete from customer_stats s where s.workspace_id = p_workspace and s.customer_id = any (p_customers);
    delete from customer_line_stats s
    where s.workspace_id = p_workspace and s.customer_id = any (p_customers);
    -- Each customer's rows through the customer index: a lateral query cannot become a scan of the
    -- workspace, whatever plan the session keeps.
    insert into customer_stats
    select p_workspace, u.id, a.first_at, a.last_at, a.n, a.days, a.revenue, a.margin
    from (select distinct unnest(p_customers) as id) u
    cross join lateral (
      select min(t.occurred_at) as first_at, max(t.occurred_at) as last_at, count(*) as n,
        count(distinct (t.occurred_at at time zone tz)::date) as days, sum(t.amount) as revenue,
        coalesce(sum(t.margin), 0) as margin
      from transactions t where t.workspace_id = p_workspace and t.customer_id = u.id
    ) a
    where a.n > 0;
    insert into customer_line_stats
    select p_workspace, u.id, a.line, a.first_at, a.last_at, a.n, a.days, a.revenue, a.margin
    from (select distinct unnest(p_customers) as id) u
    cross join lateral (
      select t.business_line_id as line, min(t.occurred_at) as first_at, max(t.occurred_at) as last_at,
        count(*) as n, count(distinct (t.occurred_at at time zone tz)::date) as days,
        sum(t.amount) as revenue, coalesce(sum(t.margin), 0) as margin
      from transactions t
      where t.workspace_id = p_workspace and t.customer_id = u.id and t.business_line_id is not null
      group by t.business_line_id
    ) a;
    return;
  end if;
  perform 1 from customers c join unnest(p_customers) u (id) on c.id = u.id
  where c.workspace_id = p_workspace
  order by c.id
  for no key update of c;
  delete from customer_stats s using unnest(p_customers) u (id)
  where s.workspace_id = p_workspace and s.customer_id = u.id;
  delete from customer_line_stats s using unnest(p_customers) u (id)
  where s.workspace_id = p_workspace and s.customer_id = u.id;
  insert into customer_stats
  select t.workspace_id, t.customer_id, min(t.occurred_at), max(t.occurred_at), count(*),
    count(distinct (t.occurred_at at time zone tz)::date), sum(t.amount), coalesce(sum(t.margin), 0)
  from transactions t join unnest(p_customers) u (id) on t.customer_id = u.id
  where t.workspace_id = p_workspace
  group by t.workspace_id, t.customer_id;
  insert into customer_line_stats
  select t.workspace_id, t.customer_id, t.business_line_id, min(t.occurred_at), max(t.occurred_at), count(*),
    count(distinct (t.occurred_at at time zone tz)::date), sum(t.amount), coalesce(sum(t.margin), 0)
  from transactions t join unnest(p_customers) u (id) on t.customer_id = u.id
  where t.workspace_id = p_workspace and t.business_line_id is not null
  group by t.workspace_id, t.customer_id, t.business_line_id;
end
$$;

-- The tables clm_analyze_stale would analyse, and one of them analysed: the embedded server's imports
-- analyse what they loaded one table per transaction, so that a request waits for one table at most.
create function clm_stale_tables()
returns setof text
language sql stable security definer set search_path = public as $$
  select c.relname::text
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
  where c.relkind = 'r' and c.relname <> 'clm_migrations'
    and (c.reltuples < 0 or pg_relation_size(c.oid) / current_setting('block_size')::int > 1.1 * c.relpages + 8)
  order by c.relname
$$;
revoke all on function clm_stale_tables() from public;
grant execute on function clm_stale_tables() to clm_app;

create function clm_analyze_table(p_name text)
returns boolean
language plpgsql security definer set search_path = public as $$
begin
  if p_name = 'clm_migrations' or not exists (
    select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
    where c.relkind = 'r' and c.relname = p_name
  ) then
    return false;
  end if;
  execute format('lock table %I in share update exclusive mode nowait', p_name);
  execute format('analyze %I', p_name);
  return true;
exception when lock_not_available or internal_error then
  return false;
end
$$;
revoke all on function clm_analyze_table(text) from public;
grant execute on function clm_analyze_table(text) to clm_app;

-- Imports analyse what they filled one table at a time (clm_analyze_table).
drop function clm_analyze_import(text);
