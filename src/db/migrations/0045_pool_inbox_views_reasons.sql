-- Issue 19: the in-app inbox, the pools' daily limit of customer details viewed, and the reasons of
-- returns and warnings kept as a code with parameters that each language words its own way.

-- One message to one member (a customer about to go back to its pool, …). A member reads only their
-- own; work that binds no user (the job runner) writes them for anyone.
create table notifications (
  workspace_id uuid not null,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  kind text not null check (kind in ('return-warning')),
  customer_id uuid,
  params jsonb not null default '{}' check (jsonb_typeof(params) = 'object'),
  created_at timestamptz(3) not null default now(),
  read_at timestamptz(3),
  primary key (workspace_id, id),
  foreign key (workspace_id, user_id) references memberships (workspace_id, user_id) on delete cascade,
  foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade
);
create index notifications_user_idx on notifications (workspace_id, user_id, created_at desc);
create index notifications_unread_idx on notifications (workspace_id, user_id) where read_at is null;
alter table notifications enable row level security;
alter table notifications force row level security;
create policy tenant_isolation on notifications
  using (workspace_id = (select clm_current_workspace())
    and ((select clm_current_user()) is null or user_id = (select clm_current_user())))
  with check (workspace_id = (select clm_current_workspace()));
grant select, insert, update, delete on notifications to clm_app;

-- Pool customers whose details a member may open per day (null: no limit), and who opened which of a
-- pool on which local day: opening the same customer again that day does not count twice.
alter table pools add column details_per_day integer check (details_per_day between 1 and 100000);
create table pool_detail_views (
  workspace_id uuid not null,
  user_id uuid not null,
  day date not null,
  customer_id uuid not null,
  pool_id uuid not null,
  primary key (workspace_id, user_id, day, customer_id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade,
  foreign key (workspace_id, pool_id) references pools (workspace_id, id) on delete cascade
);
create index pool_detail_views_pool_idx on pool_detail_views (workspace_id, user_id, day, pool_id);
alter table pool_detail_views enable row level security;
alter table pool_detail_views force row level security;
create policy tenant_isolation on pool_detail_views
  using (workspace_id = (select clm_current_workspace()))
  with check (workspace_id = (select clm_current_workspace()));
grant select, insert, update, delete on pool_detail_views to clm_app;

-- Reasons the product writes itself (returns, warnings, an owner inherited in a merge): a code and its parameters; `reason` keeps
-- the words a person typed (release, assignment).
alter table ownership_events
  add column reason_code text check (reason_code in ('return-rule', 'return-warning', 'merge', 'import')),
  add column reason_params jsonb;
update ownership_events
  set reason_code = 'return-rule',
    reason_params = jsonb_build_object(
      'rule', (substring(reason from '^return rule (\d+) of pool '))::integer,
      'pool', substring(reason from '^return rule \d+ of pool (.*)$')),
    reason = null
  where kind = 'return' and reason ~ '^return rule \d+ of pool ';
update ownership_events
  set reason_code = 'return-warning',
    reason_params = jsonb_build_object(
      'pool', substring(reason from '^returns to pool (.*) on \d{4}-\d{2}-\d{2}$'),
      'returnsOn', substring(reason from ' on (\d{4}-\d{2}-\d{2})$')),
    reason = null
  where kind = 'warning' and reason ~ '^returns to pool .* on \d{4}-\d{2}-\d{2}$';
