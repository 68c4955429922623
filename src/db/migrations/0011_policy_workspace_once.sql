-- Every tenant policy compared each row with clm_current_workspace(), and PostgreSQL evaluated the
-- function (a setting read and a uuid parse) once per row a scan filters, most of the time of a
-- scan of every transaction. As a scalar subquery it is evaluated once per statement, and an
-- index scan still takes it as its key.
do $$
declare p record;
begin
  for p in select tablename from pg_policies
    where schemaname = current_schema() and policyname = 'tenant_isolation'
  loop
    execute format('alter policy tenant_isolation on %I using (%I = (select clm_current_workspace()))
      with check (%I = (select clm_current_workspace()))', p.tablename,
      case p.tablename when 'workspaces' then 'id' else 'workspace_id' end,
      case p.tablename when 'workspaces' then 'id' else 'workspace_id' end);
  end loop;
end
$$;

-- Every customer's values change with each daily refresh (one day older, one day less likely alive).
-- Updates that change no indexed column and find room on their page stay on it (no new index entries,
-- several times faster): half of each page is kept free, and the ranking of churn
-- warnings is indexed by a coarse band of the value at risk, which a day's drift rarely moves, rather
-- than by the value itself. Bands grow by a factor of e^(1/4) ≈ 1.28, and since the band never falls
-- as the value rises, ordering by band, then value, is ordering by value. The refresh computes both
-- (a stored generated column was computed twice per upserted row, for the insert tried and for the
-- update).
alter table customer_values set (fillfactor = 50);
alter table customer_values alter column value_at_risk drop expression;
alter table customer_values add column value_at_risk_band smallint;
update customer_values set value_at_risk_band = floor(4 * ln(1 + greatest(value_at_risk, 0)::float8));
alter table customer_values alter column value_at_risk set not null, alter column value_at_risk_band set not null;
drop index customer_values_risk_idx;
create index customer_values_risk_band_idx on customer_values (workspace_id, value_at_risk_band desc);
