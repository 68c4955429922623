-- clm_analyze_stale runs at the end of a refresh, inside the request's transaction, and ANALYZE holds
-- its table's lock until that transaction ends. A second writer reaching the same table would queue
-- behind the first and then update the statistics rows the first just replaced. Statistics are an aid,
-- never worth a wait or a failed request: a table whose lock another transaction holds is left to that
-- transaction's ANALYZE, and a conflict on the statistics rows skips the table.
create or replace function clm_analyze_stale()
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
    begin
      execute format('lock table %I in share update exclusive mode nowait', t.relname);
      execute format('analyze %I', t.relname);
      return next t.relname;
    exception when lock_not_available or internal_error then
      null;
    end;
  end loop;
end
$$;
