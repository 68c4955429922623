-- The customer list's value sorts walk an index of coarse bands instead of the figures themselves.
-- Every night each customer's CLV and churn risk move a little, and an index of (clv, customer_id)
-- or (churn_risk, customer_id) takes each rewritten row at a random place: at a million customers
-- those two indexes outgrew the buffer pool and made 26 of the 37 s of rewriting the value rows.
-- A band has many customers, so its index is a few megabytes of deduplicated entries that stay in
-- memory. A band never falls as its figure rises: ordering by band, then figure, then id is ordering
-- by figure, then id, and PostgreSQL sorts only the band a page reads (incremental sort). CLV bands
-- are 1/256 of a natural log wide (0.4 %), churn risk bands a tenth of a point. Generated from the
-- stored figure, so that a cursor's band, computed by the same function, matches its row's. Both are
-- defined for any value a cursor can carry (beyond the bounds of what is stored, the band of the
-- bound), and null without a figure.
create function clm_clv_band(clv numeric)
returns smallint
language sql immutable parallel safe
return (case when clv < 0 then -1 else 1 end
  * floor(256 * ln(1 + case when abs(clv) > 1e16 then 1e16 else abs(clv) end::float8)))::smallint;

create function clm_churn_band(risk float8)
returns smallint
language sql immutable parallel safe
return floor(10 * case when risk < 0 then 0 when risk > 100 then 100 else risk end)::smallint;

grant execute on function clm_clv_band(numeric), clm_churn_band(float8) to clm_app;

alter table customer_values
  add column clv_band smallint generated always as (clm_clv_band(clv)) stored,
  add column churn_band smallint generated always as (clm_churn_band(churn_risk)) stored;
drop index customer_values_clv_idx, customer_values_churn_idx;
create index customer_values_clv_band_idx on customer_values (workspace_id, clv_band);
create index customer_values_churn_band_idx on customer_values (workspace_id, churn_band);
