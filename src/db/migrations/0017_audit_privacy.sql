-- Reading the audit trail, keeping it for a set time, consent records and erasure of personal data.

-- The audit page lists newest first and filters by actor; both walk these indexes.
create index audit_log_at_idx on audit_log (workspace_id, at desc, id desc);
create index audit_log_user_idx on audit_log (workspace_id, user_id, at desc, id desc);
-- An export or erasure of one person finds the entries about them (src/audit/about.ts) through these,
-- rather than reading the whole trail: by record and by the customer a record belongs to. The
-- customer a record belongs to is a column of its own because row-level security lets an index serve
-- only leakproof operators, and ->> on jsonb is not one: an index on the expression went unused.
alter table audit_log
  add column before_customer_id text generated always as (before ->> 'customerId') stored,
  add column after_customer_id text generated always as (after ->> 'customerId') stored;
create index audit_log_record_idx on audit_log (workspace_id, entity_id);
create index audit_log_before_customer_idx on audit_log (workspace_id, before_customer_id)
  where before_customer_id is not null;
create index audit_log_after_customer_idx on audit_log (workspace_id, after_customer_id)
  where after_customer_id is not null;

-- How long each workspace keeps its audit trail (three years by default, pruned nightly).
create table audit_settings (
  workspace_id uuid primary key references workspaces (id) on delete cascade,
  retention_days integer not null default 1095 check (retention_days between 30 and 36500),
  updated_at timestamptz(3) not null default now()
);

-- Erasure of customers inactive for this many years, run nightly; null (the default) never erases.
create table privacy_settings (
  workspace_id uuid primary key references workspaces (id) on delete cascade,
  erase_inactive_years integer check (erase_inactive_years between 1 and 100),
  updated_at timestamptz(3) not null default now()
);

-- Each consent given or withdrawn, as it was recorded: the current consent of a channel is its latest
-- event. Events are never edited; an erasure deletes them with the rest of the person's data.
create table consent_events (
  workspace_id uuid not null,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  channel text not null check (channel in ('email', 'sms', 'phone', 'wechat', 'post')),
  granted boolean not null,
  source text not null,
  at timestamptz(3) not null,
  user_id uuid,
  recorded_at timestamptz(3) not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade
);
create index consent_events_customer_idx on consent_events (workspace_id, customer_id, channel, at desc);

-- An erased customer keeps its id (its transactions still count in figures) and nothing that names it.
alter table customers add column erased_at timestamptz(3);

do $$
declare t text;
begin
  foreach t in array array['audit_settings', 'privacy_settings', 'consent_events']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (workspace_id = (select clm_current_workspace()))
      with check (workspace_id = (select clm_current_workspace()))', t);
    execute format('grant select, insert, update, delete on %I to clm_app', t);
  end loop;
end
$$;

-- Events of an account rather than of a workspace (sign-ins, personal tokens) go to the audit trail of
-- every workspace the account belongs to, where that workspace's admins read them. Runs with its
-- owner's rights because the caller is bound to no workspace; it writes only that user's rows.
create function clm_audit_account_event(p_user_id uuid, p_action text, p_after jsonb)
returns void language sql volatile security definer set search_path = public as $$
  insert into audit_log (workspace_id, user_id, action, entity, entity_id, after)
  select m.workspace_id, p_user_id, p_action, 'account', p_user_id::text, p_after
  from memberships m where m.user_id = p_user_id
$$;
revoke all on function clm_audit_account_event(uuid, text, jsonb) from public;
grant execute on function clm_audit_account_event(uuid, text, jsonb) to clm_app;
