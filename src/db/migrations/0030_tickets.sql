-- Service desk: tickets (complaints, inquiries, repairs, suggestions) with their timeline, and each
-- workspace's service settings (working hours, categories, SLA policies) as one validated document.
create table service_settings (
  workspace_id uuid primary key references workspaces (id) on delete cascade,
  -- {hours: {1..7: [[start, end]]}, country, reopenDays, categories: [{code, names}], policies: [...]}
  settings jsonb not null,
  version integer not null default 1,
  updated_at timestamptz(3) not null default now()
);

create table tickets (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  -- What people quote on the phone: #1, #2 … per workspace.
  number integer not null,
  customer_id uuid not null,
  contact_id uuid,
  kind text not null check (kind in ('complaint', 'inquiry', 'repair', 'suggestion')),
  channel text not null check (channel in ('phone', 'email', 'web', 'chat', 'visit', 'other')),
  priority text not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
  category text,
  subject text not null,
  description text,
  status text not null default 'new'
    check (status in ('new', 'triaged', 'in_progress', 'waiting', 'resolved', 'closed')),
  assignee_id uuid,
  created_by uuid,
  -- The policy's targets when the ticket was opened, so that editing a policy does not move old deadlines.
  policy_name text,
  first_response_minutes integer,
  resolution_minutes integer,
  first_response_at timestamptz(3),
  resolved_at timestamptz(3),
  closed_at timestamptz(3),
  waiting_since timestamptz(3),
  paused_minutes double precision not null default 0,
  -- The SLA alerts already raised ('first_response:near_breach', 'resolution:breached' …): each once.
  sla_alerts text[] not null default '{}',
  version integer not null default 1,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, number),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade,
  foreign key (workspace_id, assignee_id) references memberships (workspace_id, user_id) on delete set null (assignee_id),
  foreign key (workspace_id, created_by) references memberships (workspace_id, user_id) on delete set null (created_by)
);
create index tickets_status_idx on tickets (workspace_id, status, created_at);
create index tickets_assignee_idx on tickets (workspace_id, assignee_id, status);
create index tickets_customer_idx on tickets (workspace_id, customer_id, created_at);

-- The ticket's timeline: every change, note and reply, in order.
create table ticket_events (
  workspace_id uuid not null,
  id bigint generated always as identity,
  ticket_id uuid not null,
  kind text not null check (kind in ('created', 'status', 'assigned', 'priority', 'category', 'note', 'reply',
    'sla_warning', 'sla_breach')),
  author_id uuid,
  -- {from, to} for changes; {text} for notes and replies.
  detail jsonb not null default '{}',
  at timestamptz(3) not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, ticket_id) references tickets (workspace_id, id) on delete cascade,
  foreign key (workspace_id, author_id) references memberships (workspace_id, user_id) on delete set null (author_id)
);
create index ticket_events_ticket_idx on ticket_events (workspace_id, ticket_id, id);

-- The SLA sweep's one cross-workspace read: the workspaces that have tickets with a running timer.
create function clm_workspaces_with_open_tickets() returns setof uuid
language sql stable security definer set search_path = public as $$
  select distinct workspace_id from tickets
  where status not in ('resolved', 'closed') and (first_response_minutes is not null or resolution_minutes is not null)
$$;
revoke all on function clm_workspaces_with_open_tickets() from public;
grant execute on function clm_workspaces_with_open_tickets() to clm_app;

do $$
declare t text;
begin
  foreach t in array array['service_settings', 'tickets', 'ticket_events']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (workspace_id = (select clm_current_workspace()))
      with check (workspace_id = (select clm_current_workspace()))', t);
    execute format('grant select, insert, update, delete on %I to clm_app', t);
  end loop;
end
$$;

-- Satisfaction surveys answered through a link, without signing in: after a ticket (CSAT 1–5, NPS 0–10
-- where enabled) or about the whole relationship (expectation a and perception b per dimension, C = b / a).
create table surveys (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  -- Only the hash of the link's secret is kept, as for invitations.
  token_hash bytea not null unique,
  kind text not null check (kind in ('ticket', 'relationship')),
  customer_id uuid not null,
  ticket_id uuid,
  locale text not null default 'zh-CN' check (locale in ('en', 'zh-CN')),
  nps_enabled boolean not null default false,
  -- The dimensions asked, with their names in both languages, as they were when the survey was sent.
  dimensions jsonb not null default '[]',
  created_by uuid,
  created_at timestamptz(3) not null default now(),
  expires_at timestamptz(3) not null,
  answered_at timestamptz(3),
  csat smallint check (csat between 1 and 5),
  nps smallint check (nps between 0 and 10),
  comment text,
  -- [{code, expectation, perception}] on 1–7 scales.
  ratings jsonb,
  primary key (workspace_id, id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade,
  foreign key (workspace_id, ticket_id) references tickets (workspace_id, id) on delete cascade,
  foreign key (workspace_id, created_by) references memberships (workspace_id, user_id) on delete set null (created_by)
);
create index surveys_customer_idx on surveys (workspace_id, customer_id, created_at);
create index surveys_answered_idx on surveys (workspace_id, answered_at) where answered_at is not null;
alter table surveys enable row level security;
alter table surveys force row level security;
create policy tenant_isolation on surveys using (workspace_id = (select clm_current_workspace()))
  with check (workspace_id = (select clm_current_workspace()));
grant select, insert, update, delete on surveys to clm_app;

-- Whoever holds a survey link is no member of its workspace: this finds the workspace of a link's secret
-- (and nothing else), so the survey is then read and answered under row-level security.
create function clm_survey_workspace(p_token_hash bytea) returns uuid
language sql stable security definer set search_path = public as $$
  select workspace_id from surveys where token_hash = p_token_hash
$$;
revoke all on function clm_survey_workspace(bytea) from public;
grant execute on function clm_survey_workspace(bytea) to clm_app;
