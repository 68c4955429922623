-- Lifecycle stages. The workspace's choice of model lives in its own table rather than in
-- workspaces.settings: a PATCH of settings replaces the whole object, and every refresh writes its
-- bookkeeping here, which must not bump the workspace's version (its ETag) each night.
create table lifecycle_settings (
  workspace_id uuid primary key references workspaces (id) on delete cascade,
  -- A preset key or the key of one of custom_models.
  model text not null default 'relationship',
  custom_models jsonb not null default '[]',
  -- Per-rule threshold changes applied over the chosen model: {"decline": {"pAliveBelow": 0.2}}.
  thresholds jsonb not null default '{}',
  -- What the stored stages were computed with; a refresh that finds them changed evaluates everyone.
  last_as_of date,
  evaluated_model jsonb,
  -- The BG/NBD fit behind P(alive): {"asOf": "YYYY-MM-DD", "params": {...} | null}.
  fit jsonb,
  version integer not null default 1,
  updated_at timestamptz(3) not null default now()
);

-- The current stage of each customer (business_line_id null) and of each customer in each line.
create table customer_lifecycle (
  workspace_id uuid not null,
  customer_id uuid not null,
  business_line_id uuid,
  stage text not null,
  since date not null,
  cause jsonb not null,
  evaluated_as_of date not null,
  -- The first day a time-based condition can flip with no new data (null: only new data can).
  next_check date,
  constraint customer_lifecycle_key unique nulls not distinct (workspace_id, customer_id, business_line_id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade,
  foreign key (workspace_id, business_line_id) references business_lines (workspace_id, id) on delete cascade
);
create index customer_lifecycle_stage_idx on customer_lifecycle (workspace_id, stage)
  where business_line_id is null;
create index customer_lifecycle_next_idx on customer_lifecycle (workspace_id, next_check);

-- Every stage change, with the rule and metrics or the user that caused it.
create table lifecycle_history (
  workspace_id uuid not null,
  id bigint generated always as identity,
  customer_id uuid not null,
  business_line_id uuid,
  from_stage text,
  to_stage text not null,
  at date not null,
  cause jsonb not null,
  recorded_at timestamptz(3) not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade,
  foreign key (workspace_id, business_line_id) references business_lines (workspace_id, id) on delete cascade
);
create index lifecycle_history_customer_idx on lifecycle_history (workspace_id, customer_id, id);
create index lifecycle_history_at_idx on lifecycle_history (workspace_id, at);

-- Manual stages. One is in force per customer (ended_on is null); ended ones stay as the record.
create table lifecycle_overrides (
  workspace_id uuid not null,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  stage text not null,
  reason text not null,
  user_id uuid,
  -- Holds through this day; null holds until the next purchase.
  until date,
  -- The day it took effect in the workspace time zone: a purchase on a later day ends it.
  since date not null,
  created_at timestamptz(3) not null default now(),
  ended_on date,
  ended_reason text check (ended_reason in ('until', 'purchase', 'replaced')),
  primary key (workspace_id, id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade,
  foreign key (workspace_id, user_id) references memberships (workspace_id, user_id) on delete set null (user_id)
);
create unique index lifecycle_overrides_active_key on lifecycle_overrides (workspace_id, customer_id)
  where ended_on is null;

-- Customers with new data since their last evaluation, marked by the triggers below in the writing
-- transaction, so that a refresh reads a short list instead of comparing every customer's data.
create table lifecycle_dirty (
  workspace_id uuid not null,
  customer_id uuid not null,
  primary key (workspace_id, customer_id)
);

do $$
declare t text;
begin
  foreach t in array array['lifecycle_settings', 'customer_lifecycle', 'lifecycle_history',
    'lifecycle_overrides', 'lifecycle_dirty']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (workspace_id = clm_current_workspace())
      with check (workspace_id = clm_current_workspace())', t);
  end loop;
end
$$;

grant select, insert, update, delete on lifecycle_settings, customer_lifecycle, lifecycle_history,
  lifecycle_overrides, lifecycle_dirty to clm_app;
grant usage on all sequences in schema public to clm_app;

-- Statement-level, like the aggregate triggers: a bulk write marks each customer once.
create function clm_lifecycle_mark_new_rows() returns trigger language plpgsql as $$
begin
  insert into lifecycle_dirty (workspace_id, customer_id)
  select distinct workspace_id, customer_id from new_rows
  on conflict do nothing;
  return null;
end
$$;

create function clm_lifecycle_mark_old_rows() returns trigger language plpgsql as $$
begin
  insert into lifecycle_dirty (workspace_id, customer_id)
  select distinct workspace_id, customer_id from old_rows
  on conflict do nothing;
  return null;
end
$$;

create trigger transactions_lifecycle_insert after insert on transactions
  referencing new table as new_rows for each statement execute function clm_lifecycle_mark_new_rows();
create trigger transactions_lifecycle_update_new after update on transactions
  referencing new table as new_rows for each statement execute function clm_lifecycle_mark_new_rows();
create trigger transactions_lifecycle_update_old after update on transactions
  referencing old table as old_rows for each statement execute function clm_lifecycle_mark_old_rows();
create trigger transactions_lifecycle_delete after delete on transactions
  referencing old table as old_rows for each statement execute function clm_lifecycle_mark_old_rows();
create trigger interactions_lifecycle_insert after insert on interactions
  referencing new table as new_rows for each statement execute function clm_lifecycle_mark_new_rows();
create trigger interactions_lifecycle_update after update on interactions
  referencing new table as new_rows for each statement execute function clm_lifecycle_mark_new_rows();
create trigger interactions_lifecycle_delete after delete on interactions
  referencing old table as old_rows for each statement execute function clm_lifecycle_mark_old_rows();

-- An owner makes a prospect a development customer in the six-stage model. Row-level because a
-- trigger limited to one column cannot have transition tables.
create function clm_lifecycle_mark_owner_change() returns trigger language plpgsql as $$
begin
  insert into lifecycle_dirty (workspace_id, customer_id) values (new.workspace_id, new.id)
  on conflict do nothing;
  return null;
end
$$;

create trigger customers_lifecycle_owner after update of owner_id on customers
  for each row when (old.owner_id is distinct from new.owner_id)
  execute function clm_lifecycle_mark_owner_change();
