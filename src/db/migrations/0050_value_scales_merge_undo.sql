-- RFM bins and ABC thresholds of a workspace (src/value/value-scales.ts): how many scores R, F and M
-- are split into, and the shares of revenue that classes A and B cover. A version makes them a record
-- that a PUT changes with If-Match, as the workspace's other settings. customer_value_models has
-- row-level security already (0004).
alter table customer_value_models
  add column rfm_bins smallint not null default 5,
  add column abc_a double precision not null default 0.8,
  add column abc_b double precision not null default 0.15,
  add column scales_version integer not null default 1;
