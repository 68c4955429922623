-- Playbooks: what happens when a customer enters a stage. A workspace's own playbook for a stage of a
-- model replaces the built-in default (src/lifecycle/playbooks.ts); stages without a row use it.
create table lifecycle_playbooks (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  model text not null,
  stage text not null,
  -- {advice: {en, zh-CN} | null, tasks: [{title, dueInDays}], addTags: [...], removeTags: [...]}
  playbook jsonb not null,
  version integer not null default 1,
  updated_at timestamptz(3) not null default now(),
  primary key (workspace_id, model, stage)
);

-- One row per stage entry whose playbook ran: the key makes the entry actions happen exactly once,
-- however many refreshes see the entry.
create table lifecycle_playbook_runs (
  workspace_id uuid not null,
  history_id bigint not null,
  ran_at timestamptz(3) not null default now(),
  primary key (workspace_id, history_id),
  foreign key (workspace_id, history_id) references lifecycle_history (workspace_id, id) on delete cascade
);

create table tasks (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  customer_id uuid,
  assignee_id uuid,
  title text not null,
  -- A playbook's title in both languages, beside `title` in the assignee's.
  titles jsonb,
  notes text,
  due_on date,
  status text not null default 'open' check (status in ('open', 'done')),
  done_at timestamptz(3),
  -- The stage entry and the playbook action that created the task; null for tasks made by hand.
  history_id bigint,
  action_index integer,
  created_by uuid,
  version integer not null default 1,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade,
  foreign key (workspace_id, assignee_id) references memberships (workspace_id, user_id) on delete set null (assignee_id),
  foreign key (workspace_id, created_by) references memberships (workspace_id, user_id) on delete set null (created_by),
  foreign key (workspace_id, history_id) references lifecycle_history (workspace_id, id) on delete set null (history_id)
);
create unique index tasks_playbook_action_key on tasks (workspace_id, customer_id, history_id, action_index)
  where history_id is not null;
create index tasks_assignee_idx on tasks (workspace_id, assignee_id, status, due_on);
create index tasks_customer_idx on tasks (workspace_id, customer_id, status, due_on);

do $$
declare t text;
begin
  foreach t in array array['lifecycle_playbooks', 'lifecycle_playbook_runs', 'tasks']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (workspace_id = clm_current_workspace())
      with check (workspace_id = clm_current_workspace())', t);
  end loop;
end
$$;

grant select, insert, update, delete on lifecycle_playbooks, lifecycle_playbook_runs, tasks to clm_app;

-- The nightly refresh: one row per workspace and local day, written in the transaction of the refresh
-- itself, so that a refresh that failed leaves none (it is retried) and a second server waiting on the
-- key finds the day done.
create table lifecycle_refresh_runs (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  day date not null,
  started_at timestamptz(3) not null default now(),
  finished_at timestamptz(3),
  result jsonb,
  primary key (workspace_id, day)
);
alter table lifecycle_refresh_runs enable row level security;
alter table lifecycle_refresh_runs force row level security;
create policy tenant_isolation on lifecycle_refresh_runs using (workspace_id = clm_current_workspace())
  with check (workspace_id = clm_current_workspace());
grant select, insert, update, delete on lifecycle_refresh_runs to clm_app;

-- The scheduler's one cross-workspace read: every workspace and its time zone.
create function clm_workspace_timezones() returns table (id uuid, timezone text)
language sql stable security definer set search_path = public as $$
  select w.id, w.timezone from workspaces w order by w.id
$$;
revoke all on function clm_workspace_timezones() from public;
grant execute on function clm_workspace_timezones() to clm_app;
