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
  kind text not null check (kind in ('created', 'status', 'assigned', 'priority', 'category', 'note', 'reply')),
  author_id uuid,
  -- {from, to} for changes; {text} for notes and replies.
  detail jsonb not null default '{}',
  at timestamptz(3) not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, ticket_id) references tickets (workspace_id, id) on delete cascade,
  foreign key (workspace_id, author_id) references memberships (workspace_id, user_id) on delete set null (author_id)
);
create index ticket_events_ticket_idx on ticket_events (workspace_id, ticket_id, id);

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
