-- Care automation: rules (trigger, conditions, actions), the workspace's guards, and the message log,
-- whose unique key makes each occurrence (rule, customer, occasion, action) act at most once.
create table care_rules (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  names jsonb not null,
  enabled boolean not null default true,
  trigger jsonb not null,
  conditions jsonb not null default '{}',
  actions jsonb not null,
  holdout_percent integer not null default 0,
  created_by uuid,
  version integer not null default 1,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, created_by) references memberships (workspace_id, user_id) on delete set null (created_by)
);

create table care_settings (
  workspace_id uuid primary key references workspaces (id) on delete cascade,
  paused boolean not null default false,
  quiet_start integer not null default 21,
  quiet_end integer not null default 8,
  cap_messages integer not null default 2,
  cap_days integer not null default 7,
  webhook_allowed_hosts text[] not null default '{}',
  webhook_secret text not null,
  updated_at timestamptz(3) not null default now()
);

create table care_messages (
  workspace_id uuid not null,
  id uuid not null default gen_random_uuid(),
  rule_id uuid not null,
  customer_id uuid not null,
  occasion text not null,
  action_index integer not null,
  channel text not null check (channel in ('email', 'sms', 'wechat', 'other', 'task')),
  status text not null check (status in ('queued', 'held', 'sending', 'sent', 'failed', 'skipped')),
  reason text,
  attempts integer not null default 0,
  send_after timestamptz(3),
  sent_at timestamptz(3),
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, rule_id, customer_id, occasion, action_index),
  foreign key (workspace_id, rule_id) references care_rules (workspace_id, id) on delete cascade,
  foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade
);
create index care_messages_customer_idx on care_messages (workspace_id, customer_id, created_at);
create index care_messages_rule_idx on care_messages (workspace_id, rule_id, created_at);
create index care_messages_waiting_idx on care_messages (workspace_id, status, send_after)
  where status in ('queued', 'held', 'sending');

-- One row per rule and local day evaluated, claimed in the evaluation's transaction: a second server or
-- a retry finds the rule's day done, and a rule created later in the day is still evaluated that day.
create table care_runs (
  workspace_id uuid not null,
  day date not null,
  rule_id uuid not null,
  ran_at timestamptz(3) not null default now(),
  primary key (workspace_id, day, rule_id),
  foreign key (workspace_id, rule_id) references care_rules (workspace_id, id) on delete cascade
);

-- Stage entries recorded by the lifecycle, waiting for the care rules that fire on them.
create table care_stage_entries (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  customer_id uuid not null,
  stage text not null,
  at date not null,
  history_id bigint not null,
  primary key (workspace_id, id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade
);

-- The churn level each customer had at the last evaluation, so that a rise across a level is seen once.
create table care_churn_seen (
  workspace_id uuid not null,
  customer_id uuid not null,
  level text not null,
  primary key (workspace_id, customer_id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade
);

do $$
declare t text;
begin
  foreach t in array array['care_rules', 'care_settings', 'care_messages', 'care_runs', 'care_stage_entries',
    'care_churn_seen']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (workspace_id = clm_current_workspace())
      with check (workspace_id = clm_current_workspace())', t);
  end loop;
end
$$;

grant select, insert, update, delete on care_rules, care_settings, care_messages, care_runs, care_stage_entries,
  care_churn_seen to clm_app;

-- The care sweep's one cross-workspace read: workspaces with stage entries or messages waiting.
create function clm_care_waiting_workspaces()
returns table (workspace_id uuid)
language sql stable security definer set search_path = public as $$
  select workspace_id from care_stage_entries
  union
  select workspace_id from care_messages where status in ('queued', 'held', 'sending')
$$;
revoke all on function clm_care_waiting_workspaces() from public;
grant execute on function clm_care_waiting_workspaces() to clm_app;
