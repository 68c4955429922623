-- File imports: one durable row per import (status, counts, resume point), the uploaded file in chunks,
-- the rows refused with their reasons, and staging tables the file is copied into before one set-based
-- merge.

create table imports (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  kind text not null check (kind in ('customers', 'transactions', 'interactions')),
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  file_name text not null,
  -- 'upload': the file is in import_file_chunks; 'path': a file the CLI reads from its own disk.
  source text not null check (source in ('upload', 'path')),
  path text,
  file_size bigint not null,
  -- The column mapping, create-customers and dry-run choices.
  options jsonb not null default '{}',
  user_id uuid,
  -- The detected file type, encoding and delimiter.
  format jsonb,
  -- Resume point: data rows of the file already staged or refused (their counts are in the columns below).
  rows_done bigint not null default 0,
  progress real not null default 0,
  read_rows bigint not null default 0,
  imported_rows bigint not null default 0,
  updated_rows bigint not null default 0,
  duplicate_rows bigint not null default 0,
  rejected_rows bigint not null default 0,
  error text,
  -- Who runs it (host:pid) and until when the claim holds without a heartbeat.
  runner text,
  lease_until timestamptz,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now(),
  finished_at timestamptz(3),
  primary key (workspace_id, id)
);
create index imports_pending_idx on imports (status, lease_until) where status in ('queued', 'running');

create table import_file_chunks (
  workspace_id uuid not null,
  import_id uuid not null,
  seq integer not null,
  data bytea not null,
  primary key (workspace_id, import_id, seq),
  foreign key (workspace_id, import_id) references imports (workspace_id, id) on delete cascade
);

create table import_errors (
  workspace_id uuid not null,
  import_id uuid not null,
  line bigint not null,
  column_name text not null,
  value text not null,
  reason text not null,
  foreign key (workspace_id, import_id) references imports (workspace_id, id) on delete cascade
);
create index import_errors_import_idx on import_errors (workspace_id, import_id, line);

-- Staging: rows that passed the row checks, typed, until the merge takes them (and deletes them).
create table import_customer_rows (
  workspace_id uuid not null,
  import_id uuid not null,
  line bigint not null,
  name text not null,
  kind text,
  type text,
  company text,
  phones text[] not null,
  emails text[] not null,
  industry text,
  region text,
  source text,
  tags text[] not null,
  birthday date,
  external_id text,
  custom jsonb not null
);
create index import_customer_rows_import_idx on import_customer_rows (workspace_id, import_id);

create table import_transaction_rows (
  workspace_id uuid not null,
  import_id uuid not null,
  line bigint not null,
  customer_external_id text,
  customer_phone text,
  customer_email text,
  customer_name text,
  -- Wall-clock time of the workspace's zone, or an instant when the file names its offset.
  occurred_local timestamp(3),
  occurred_utc timestamptz(3),
  amount numeric(14, 2) not null,
  margin numeric(14, 2),
  currency text,
  external_id text,
  business_line text
);
create index import_transaction_rows_import_idx on import_transaction_rows (workspace_id, import_id);

create table import_interaction_rows (
  workspace_id uuid not null,
  import_id uuid not null,
  line bigint not null,
  customer_external_id text,
  customer_phone text,
  customer_email text,
  customer_name text,
  channel text not null,
  direction text not null,
  summary text not null,
  occurred_local timestamp(3),
  occurred_utc timestamptz(3),
  next_follow_up_on date
);
create index import_interaction_rows_import_idx on import_interaction_rows (workspace_id, import_id);

-- Rows without an external id are keyed by their content and their occurrence among identical rows of
-- the file, so that importing a file again adds nothing and identical purchases all count.
alter table customers add column import_key text;
create unique index customers_import_key on customers (workspace_id, import_key)
  where import_key is not null and deleted_at is null;
alter table transactions add column import_key text;
create unique index transactions_import_key on transactions (workspace_id, import_key);
alter table interactions add column import_key text;
create unique index interactions_import_key on interactions (workspace_id, import_key);

-- The aggregates' refresh, joining the customers' ids instead of testing each row against the array:
-- `= any (p_customers)` compares every row with every id, which an import's statement that touches
-- 100,000 customers turns into billions of comparisons. Same locks, same results.
create or replace function clm_refresh_customer_stats(p_workspace uuid, p_customers uuid[])
returns void language plpgsql as $$
declare tz text;
begin
  perform 1 from customers c join unnest(p_customers) u (id) on c.id = u.id
  where c.workspace_id = p_workspace
  order by c.id
  for no key update of c;
  select timezone into tz from workspaces where id = p_workspace;
  delete from customer_stats s using unnest(p_customers) u (id)
  where s.workspace_id = p_workspace and s.customer_id = u.id;
  delete from customer_line_stats s using unnest(p_customers) u (id)
  where s.workspace_id = p_workspace and s.customer_id = u.id;
  insert into customer_stats
  select t.workspace_id, t.customer_id, min(t.occurred_at), max(t.occurred_at), count(*),
    count(distinct (t.occurred_at at time zone tz)::date), sum(t.amount), coalesce(sum(t.margin), 0)
  from transactions t join unnest(p_customers) u (id) on t.customer_id = u.id
  where t.workspace_id = p_workspace
  group by t.workspace_id, t.customer_id;
  insert into customer_line_stats
  select t.workspace_id, t.customer_id, t.business_line_id, min(t.occurred_at), max(t.occurred_at), count(*),
    count(distinct (t.occurred_at at time zone tz)::date), sum(t.amount), coalesce(sum(t.margin), 0)
  from transactions t join unnest(p_customers) u (id) on t.customer_id = u.id
  where t.workspace_id = p_workspace and t.business_line_id is not null
  group by t.workspace_id, t.customer_id, t.business_line_id;
end
$$;

do $$
declare t text;
begin
  foreach t in array array['imports', 'import_file_chunks', 'import_errors', 'import_customer_rows',
    'import_transaction_rows', 'import_interaction_rows']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (workspace_id = clm_current_workspace())
      with check (workspace_id = clm_current_workspace())', t);
    execute format('grant select, insert, update, delete on %I to clm_app', t);
  end loop;
end
$$;

-- The background runner's one cross-workspace step: take the next uploaded import that is queued, or
-- running under a claim that lapsed (its server died), and claim it for `p_runner` until `p_until`.
-- Answers only that import's workspace and id; the work itself runs inside the workspace.
create function clm_claim_import(p_runner text, p_until timestamptz, p_take_running boolean)
returns table (workspace_id uuid, id uuid)
language plpgsql security definer set search_path = public as $$
begin
  return query
  update imports i set status = 'running', runner = p_runner, lease_until = p_until, updated_at = now()
  from (
    select c.workspace_id, c.id from imports c
    where c.source = 'upload' and (c.status = 'queued' or (c.status = 'running'
      and (p_take_running or c.lease_until is null or c.lease_until < now())))
    order by c.created_at
    limit 1
    for update skip locked
  ) next
  where i.workspace_id = next.workspace_id and i.id = next.id
  returning i.workspace_id, i.id;
end
$$;
revoke all on function clm_claim_import(text, timestamptz, boolean) from public;
grant execute on function clm_claim_import(text, timestamptz, boolean) to clm_app;
