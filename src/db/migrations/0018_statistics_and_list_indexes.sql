-- Statistics after bulk writes: the planner needs them the moment a demo, an import or a refresh has
-- written its rows, not when autovacuum (off, lagging, or minutes away) gets round to it. The
-- application role owns no table and cannot ANALYZE, so this function does it as the owner, and only
-- for the tables that need it: never analyzed, or grown by more than a tenth (and 8 pages) since the
-- last ANALYZE. The size on disk, not the statistics collector's counts of changed rows: those reach
-- pg_stat_user_tables a while after a commit (and never inside the writing transaction), the pages
-- at once, the caller's own uncommitted rows included (ANALYZE samples them too). A small write costs
-- a look at the catalogue, no more.
create function clm_analyze_stale()
returns setof text
language plpgsql security definer set search_path = public as $$
declare t record;
begin
  for t in
    select c.relname
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
    where c.relkind = 'r' and c.relname <> 'clm_migrations'
      and (c.reltuples < 0 or pg_relation_size(c.oid) / current_setting('block_size')::int > 1.1 * c.relpages + 8)
    order by c.relname
  loop
    execute format('analyze %I', t.relname);
    return next t.relname;
  end loop;
end
$$;
revoke all on function clm_analyze_stale() from public;
grant execute on function clm_analyze_stale() to clm_app;

-- The customer page's sorts, each an index walk that stops after a page (see bench/customer-list.ts):
-- the last change, and the value sorts, which list customers with a value in index order before those
-- without. Indexing clv and churn risk costs a refresh the in-page (HOT) update of those rows whose
-- figures changed; a list sorted by them otherwise sorted every customer for each page.
create index customers_updated_idx on customers (workspace_id, updated_at, id) where deleted_at is null;
create index customer_values_clv_idx on customer_values (workspace_id, clv, customer_id);
create index customer_values_churn_idx on customer_values (workspace_id, churn_risk, customer_id);

-- Filters whose rows are few, or none: a first purchase in a given week, one cell of the R×F map.
-- Without these, a page walked every customer in its sort order looking for 51 that pass.
create index customer_stats_first_idx on customer_stats (workspace_id, first_purchase_at);
create index customer_values_rf_idx on customer_values (workspace_id, r_score, f_score);
