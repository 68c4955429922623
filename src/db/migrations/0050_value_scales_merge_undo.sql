-- RFM bins and ABC thresholds of a workspace (src/value/value-scales.ts): how many scores R, F and M
-- are split into, and the shares of revenue that classes A and B cover. A version makes them a record
-- that a PUT changes with If-Match, as the workspace's other settings. customer_value_models has
-- row-level security already (0004).
alter table customer_value_models
  add column rfm_bins smallint not null default 5,
  add column abc_a double precision not null default 0.8,
  add column abc_b double precision not null default 0.15,
  add column scales_version integer not null default 1;

-- What a merge moved, so that it can be undone within its window (src/customers/merge-undo.ts): the
-- survivor's fields before it, the rows that moved from each source and the aliases it re-pointed.
create table customer_merges (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  survivor_id uuid not null,
  source_ids uuid[] not null,
  survivor_before jsonb not null,
  survivor_after jsonb not null,
  -- {"transactions": {"<row id>": "<source id>"}, "interactions": {…}, "contacts": {"<id>": {"from", "primary"}}}
  moved jsonb not null,
  -- Alias ids that named a source and were re-pointed to the survivor, by source.
  aliases jsonb not null,
  merged_by uuid,
  merged_at timestamptz(3) not null default now(),
  undone_by uuid,
  undone_at timestamptz(3),
  foreign key (workspace_id, survivor_id) references customers (workspace_id, id) on delete cascade
);
create index customer_merges_recent_idx on customer_merges (workspace_id, merged_at desc);

alter table customer_merges enable row level security;
alter table customer_merges force row level security;
create policy tenant_isolation on customer_merges using (workspace_id = clm_current_workspace())
  with check (workspace_id = clm_current_workspace());
grant select, insert, update, delete on customer_merges to clm_app;
