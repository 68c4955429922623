-- Core schema. Every tenant table leads its primary key, unique indexes and foreign keys with
-- workspace_id so that the data can be sharded by workspace later. Identity tables (users, tokens)
-- are global: a person is one account across workspaces.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'clm_app') then
    create role clm_app nologin nosuperuser nobypassrls;
  end if;
end
$$;

grant usage on schema public to clm_app;

create or replace function clm_current_workspace() returns uuid
language sql stable as $$ select nullif(current_setting('clm.workspace_id', true), '')::uuid $$;

-- Identity -------------------------------------------------------------------------------------

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  name text not null default '',
  password_hash text not null,
  locale text not null default 'en' check (locale in ('en', 'zh-CN')),
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now()
);
create unique index users_email_key on users (lower(email));

create table auth_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  -- sha-256 of the bearer secret: a leaked table does not leak usable tokens.
  token_hash bytea not null unique,
  kind text not null check (kind in ('session', 'personal')),
  name text not null default '',
  created_at timestamptz(3) not null default now(),
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz
);
create index auth_tokens_user_idx on auth_tokens (user_id);

-- Tenancy --------------------------------------------------------------------------------------

create table workspaces (
  id uuid primary key,
  name text not null,
  timezone text not null default 'Asia/Shanghai',
  currency char(3) not null default 'CNY',
  phone_region char(2) not null default 'CN',
  settings jsonb not null default '{}',
  version integer not null default 1,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now()
);

create table teams (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null,
  created_at timestamptz(3) not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, name)
);

create table memberships (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('owner', 'admin', 'manager', 'rep', 'analyst')),
  team_id uuid,
  created_at timestamptz(3) not null default now(),
  primary key (workspace_id, user_id),
  foreign key (workspace_id, team_id) references teams (workspace_id, id) on delete set null (team_id)
);
create index memberships_user_idx on memberships (user_id);

-- Customers ------------------------------------------------------------------------------------

create table customers (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  kind text not null default 'person' check (kind in ('person', 'organisation')),
  type text not null default 'consumer' check (type in ('consumer', 'distributor', 'internal', 'public')),
  name text not null,
  company text,
  phones text[] not null default '{}',
  emails text[] not null default '{}',
  industry text,
  region text,
  source text,
  tags text[] not null default '{}',
  birthday date,
  custom jsonb not null default '{}',
  owner_id uuid,
  consent jsonb not null default '{}',
  external_id text,
  version integer not null default 1,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now(),
  deleted_at timestamptz(3),
  primary key (workspace_id, id),
  foreign key (workspace_id, owner_id) references memberships (workspace_id, user_id) on delete set null (owner_id)
);
create unique index customers_external_id_key on customers (workspace_id, external_id)
  where external_id is not null and deleted_at is null;
create index customers_created_idx on customers (workspace_id, created_at, id) where deleted_at is null;
create index customers_name_idx on customers (workspace_id, name, id) where deleted_at is null;
create index customers_phones_idx on customers using gin (phones);
create index customers_emails_idx on customers using gin (emails);
create index customers_owner_idx on customers (workspace_id, owner_id);

create table contacts (
  workspace_id uuid not null,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  name text not null,
  title text,
  phones text[] not null default '{}',
  emails text[] not null default '{}',
  is_primary boolean not null default false,
  version integer not null default 1,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade
);
create index contacts_customer_idx on contacts (workspace_id, customer_id);

create table business_lines (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null,
  version integer not null default 1,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, name)
);

-- Activity -------------------------------------------------------------------------------------

create table transactions (
  workspace_id uuid not null,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  business_line_id uuid,
  occurred_at timestamptz(3) not null,
  amount numeric(14, 2) not null,
  margin numeric(14, 2),
  currency char(3) not null,
  external_id text,
  version integer not null default 1,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, external_id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id),
  foreign key (workspace_id, business_line_id) references business_lines (workspace_id, id)
);
create index transactions_customer_idx on transactions (workspace_id, customer_id, occurred_at);
create index transactions_occurred_idx on transactions (workspace_id, occurred_at, id);

create table interactions (
  workspace_id uuid not null,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  channel text not null check (channel in ('phone', 'email', 'sms', 'wechat', 'social', 'visit', 'meeting', 'other')),
  direction text not null check (direction in ('inbound', 'outbound')),
  summary text not null,
  occurred_at timestamptz(3) not null,
  next_follow_up_on date,
  user_id uuid,
  version integer not null default 1,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade,
  foreign key (workspace_id, user_id) references memberships (workspace_id, user_id) on delete set null (user_id)
);
create index interactions_customer_idx on interactions (workspace_id, customer_id, occurred_at);

-- Per-customer aggregates, kept by the triggers below in the same transaction as each write.
create table customer_stats (
  workspace_id uuid not null,
  customer_id uuid not null,
  first_purchase_at timestamptz not null,
  last_purchase_at timestamptz not null,
  purchase_count integer not null,
  purchase_days integer not null,
  revenue numeric(16, 2) not null,
  margin numeric(16, 2) not null,
  primary key (workspace_id, customer_id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade
);

create table customer_line_stats (
  workspace_id uuid not null,
  customer_id uuid not null,
  business_line_id uuid not null,
  first_purchase_at timestamptz not null,
  last_purchase_at timestamptz not null,
  purchase_count integer not null,
  purchase_days integer not null,
  revenue numeric(16, 2) not null,
  margin numeric(16, 2) not null,
  primary key (workspace_id, customer_id, business_line_id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade,
  foreign key (workspace_id, business_line_id) references business_lines (workspace_id, id) on delete cascade
);

-- Audit and request bookkeeping ----------------------------------------------------------------

create table audit_log (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  at timestamptz(3) not null default now(),
  user_id uuid,
  action text not null,
  entity text not null,
  entity_id text not null,
  before jsonb,
  after jsonb,
  primary key (workspace_id, id)
);
create index audit_log_entity_idx on audit_log (workspace_id, entity, entity_id);

create table idempotency_keys (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  user_id uuid not null,
  key text not null,
  request_hash text not null,
  status integer not null,
  body jsonb,
  created_at timestamptz(3) not null default now(),
  primary key (workspace_id, user_id, key)
);

-- Row-level security: every tenant table sees only the workspace named by clm.workspace_id ---------

do $$
declare t text;
begin
  foreach t in array array['teams', 'memberships', 'customers', 'contacts', 'business_lines', 'transactions',
    'interactions', 'customer_stats', 'customer_line_stats', 'audit_log', 'idempotency_keys']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (workspace_id = clm_current_workspace())
      with check (workspace_id = clm_current_workspace())', t);
  end loop;
end
$$;

alter table workspaces enable row level security;
alter table workspaces force row level security;
create policy tenant_isolation on workspaces using (id = clm_current_workspace())
  with check (id = clm_current_workspace());

grant select, insert, update, delete on all tables in schema public to clm_app;
grant usage on all sequences in schema public to clm_app;

-- The one cross-workspace read the application needs: which workspaces a user belongs to. It runs with
-- its owner's rights, takes only a user id and returns only that user's memberships.
create function clm_user_workspaces(p_user_id uuid)
returns table (id uuid, name text, role text, phone_region text, timezone text, created_at timestamptz)
language sql stable security definer set search_path = public as $$
  select w.id, w.name, m.role, w.phone_region::text, w.timezone, m.created_at
  from memberships m join workspaces w on w.id = m.workspace_id
  where m.user_id = p_user_id
  order by m.created_at, w.id
$$;
revoke all on function clm_user_workspaces(uuid) from public;
grant execute on function clm_user_workspaces(uuid) to clm_app;

-- Customer aggregates -------------------------------------------------------------------------

-- Recomputes the aggregates of the given customers from their transactions. Per customer it reads
-- only that customer's rows (transactions_customer_idx), so a write costs O(that customer's history).
-- Two transactions writing one customer's sales at once would each refresh from their own snapshot, so
-- the customers are row-locked first (in id order, so two bulk writes cannot deadlock): the statements
-- after the lock see what the other committed. Row locks rather than advisory locks, because a bulk write
-- may touch 10,000 customers; FOR NO KEY UPDATE leaves foreign-key checks unblocked.
create function clm_refresh_customer_stats(p_workspace uuid, p_customers uuid[])
returns void language plpgsql as $$
declare tz text;
begin
  perform 1 from customers
  where workspace_id = p_workspace and id = any (p_customers)
  order by id
  for no key update;
  select timezone into tz from workspaces where id = p_workspace;
  delete from customer_stats where workspace_id = p_workspace and customer_id = any (p_customers);
  delete from customer_line_stats where workspace_id = p_workspace and customer_id = any (p_customers);
  insert into customer_stats
  select t.workspace_id, t.customer_id, min(t.occurred_at), max(t.occurred_at), count(*),
    count(distinct (t.occurred_at at time zone tz)::date), sum(t.amount), coalesce(sum(t.margin), 0)
  from transactions t
  where t.workspace_id = p_workspace and t.customer_id = any (p_customers)
  group by t.workspace_id, t.customer_id;
  insert into customer_line_stats
  select t.workspace_id, t.customer_id, t.business_line_id, min(t.occurred_at), max(t.occurred_at), count(*),
    count(distinct (t.occurred_at at time zone tz)::date), sum(t.amount), coalesce(sum(t.margin), 0)
  from transactions t
  where t.workspace_id = p_workspace and t.customer_id = any (p_customers) and t.business_line_id is not null
  group by t.workspace_id, t.customer_id, t.business_line_id;
end
$$;

-- Statement-level triggers with transition tables: a bulk insert of 10,000 rows refreshes each
-- affected customer once, set-based, instead of once per row.
create function clm_transactions_changed() returns trigger language plpgsql as $$
declare r record;
begin
  if tg_op = 'INSERT' then
    for r in select workspace_id, array_agg(distinct customer_id) as ids from new_rows group by workspace_id loop
      perform clm_refresh_customer_stats(r.workspace_id, r.ids);
    end loop;
  elsif tg_op = 'DELETE' then
    for r in select workspace_id, array_agg(distinct customer_id) as ids from old_rows group by workspace_id loop
      perform clm_refresh_customer_stats(r.workspace_id, r.ids);
    end loop;
  else
    for r in select workspace_id, array_agg(distinct customer_id) as ids
      from (select workspace_id, customer_id from new_rows union select workspace_id, customer_id from old_rows) c
      group by workspace_id loop
      perform clm_refresh_customer_stats(r.workspace_id, r.ids);
    end loop;
  end if;
  return null;
end
$$;

create trigger transactions_stats_insert after insert on transactions
  referencing new table as new_rows for each statement execute function clm_transactions_changed();
create trigger transactions_stats_update after update on transactions
  referencing old table as old_rows new table as new_rows for each statement execute function clm_transactions_changed();
create trigger transactions_stats_delete after delete on transactions
  referencing old table as old_rows for each statement execute function clm_transactions_changed();

-- Recomputes every aggregate of one workspace from scratch (`clm stats rebuild`).
create function clm_rebuild_customer_stats(p_workspace uuid) returns void language plpgsql as $$
begin
  delete from customer_stats where workspace_id = p_workspace;
  delete from customer_line_stats where workspace_id = p_workspace;
  perform clm_refresh_customer_stats(p_workspace,
    array(select distinct customer_id from transactions where workspace_id = p_workspace));
end
$$;
