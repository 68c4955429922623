-- Who sees which customers, and the public pool (公海) customers without an owner sit in.
--
-- Every request binds, beside its workspace, its user (clm.user_id) and the scope of their role
-- (clm.scope: own, team or all; src/authorization/permissions.ts). The policies below read them, so a
-- query that forgets to filter by owner still sees only what the user may. Work that no user asked
-- for (nightly refresh, imports run as jobs, the CLI) binds no user and sees the workspace whole.

create function clm_current_user() returns uuid
language sql stable as $$ select nullif(current_setting('clm.user_id', true), '')::uuid $$;

create function clm_current_scope() returns text
language sql stable as $$ select coalesce(nullif(current_setting('clm.scope', true), ''), 'all') $$;

-- Pools ----------------------------------------------------------------------------------------

-- Each workspace has one default pool that every member belongs to without a row in pool_members;
-- a customer whose pool_id is null is in it. Other pools (a region, a business line, a team) list
-- their members. An owned customer keeps its pool: the one it returns to.
create table pools (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null,
  is_default boolean not null default false,
  -- Limits on reps and managers taking customers from this pool (null: none).
  claims_per_day integer check (claims_per_day between 1 and 10000),
  held_limit integer check (held_limit between 1 and 1000000),
  reclaim_cooldown_days integer not null default 0 check (reclaim_cooldown_days between 0 and 3650),
  -- Return rules (src/ownership/return-rules.ts), the first that applies to a customer sets its deadline.
  return_rules jsonb not null default '[]',
  warn_days integer not null default 3 check (warn_days between 0 and 365),
  version integer not null default 1,
  created_at timestamptz(3) not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, name)
);
create unique index pools_default_key on pools (workspace_id) where is_default;

create table pool_members (
  workspace_id uuid not null,
  pool_id uuid not null,
  user_id uuid not null,
  primary key (workspace_id, pool_id, user_id),
  foreign key (workspace_id, pool_id) references pools (workspace_id, id) on delete cascade,
  foreign key (workspace_id, user_id) references memberships (workspace_id, user_id) on delete cascade
);

insert into pools (workspace_id, name, is_default) select id, 'Public pool', true from workspaces;

alter table customers
  add column pool_id uuid,
  -- Since when the current owner holds the customer: the return rules' clock starts there at the latest.
  add column owned_since timestamptz(3),
  add constraint customers_pool_fkey foreign key (workspace_id, pool_id) references pools (workspace_id, id)
    on delete set null (pool_id);
update customers set owned_since = updated_at where owner_id is not null;

-- Row triggers limited by their conditions: an import of customers without owners runs none. A
-- writer that sets owned_since itself (a claim at the application's clock) keeps its value.
create function clm_customer_owner_since() returns trigger language plpgsql as $$
begin
  if new.owner_id is null then
    new.owned_since := null;
  elsif tg_op = 'INSERT' and new.owned_since is null
    or tg_op = 'UPDATE' and new.owned_since is not distinct from old.owned_since then
    new.owned_since := now();
  end if;
  return new;
end
$$;
create trigger customers_owned_since_insert before insert on customers
  for each row when (new.owner_id is not null) execute function clm_customer_owner_since();
create trigger customers_owned_since_update before update of owner_id on customers
  for each row when (old.owner_id is distinct from new.owner_id) execute function clm_customer_owner_since();

-- Each change of owner, for the customer's timeline and the re-claim cool-down.
create table ownership_events (
  workspace_id uuid not null,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  at timestamptz(3) not null default now(),
  kind text not null check (kind in ('claim', 'release', 'assign', 'transfer', 'return', 'warning')),
  from_user_id uuid,
  to_user_id uuid,
  by_user_id uuid,
  pool_id uuid,
  reason text,
  churn_reason text check (churn_reason in ('company', 'competitor', 'customer')),
  primary key (workspace_id, id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade
);
create index ownership_events_customer_idx on ownership_events (workspace_id, customer_id, at desc);
create index ownership_events_from_idx on ownership_events (workspace_id, from_user_id, at desc)
  where from_user_id is not null;
create index ownership_events_by_idx on ownership_events (workspace_id, by_user_id, kind, at desc);

do $$
declare t text;
begin
  foreach t in array array['pools', 'pool_members', 'ownership_events']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (workspace_id = (select clm_current_workspace()))
      with check (workspace_id = (select clm_current_workspace()))', t);
    execute format('grant select, insert, update, delete on %I to clm_app', t);
  end loop;
end
$$;

-- The owners whose customers the bound user sees (null: every owner), and the pools they belong to.
-- Each is read once per statement: the policies call them as scalar subqueries.
create function clm_visible_owners() returns uuid[]
language sql stable as $$
  select case clm_current_scope()
    when 'own' then array[clm_current_user()]
    when 'team' then array(
      select m.user_id from memberships m
      where m.workspace_id = clm_current_workspace()
        and (m.user_id = clm_current_user() or m.team_id = (
          select me.team_id from memberships me
          where me.workspace_id = clm_current_workspace() and me.user_id = clm_current_user())))
  end
$$;

create function clm_visible_pools() returns uuid[]
language sql stable as $$
  select array(select pool_id from pool_members
    where workspace_id = clm_current_workspace() and user_id = clm_current_user())
$$;

-- Customers: reads, updates and deletes see the scope; what a write leaves behind is checked for
-- the workspace only, so a rep can release a customer to a pool and a manager transfer one.
alter policy tenant_isolation on customers
  using (workspace_id = (select clm_current_workspace()) and (
    (select clm_current_scope()) = 'all'
    or owner_id = any ((select clm_visible_owners())::uuid[])
    or (owner_id is null and (pool_id is null or pool_id = any ((select clm_visible_pools())::uuid[])))))
  with check (workspace_id = (select clm_current_workspace()));

-- Everything that belongs to a customer follows the customer, for reads and writes alike: a row is
-- there for the user whose customers' policy shows its customer. A lookup by primary key per row,
-- skipped entirely for the scope `all`. OFFSET 0 keeps it one: without it PostgreSQL may instead hash
-- every visible customer first, a scan of the whole table (60 ms at 100,000) for a page of 50.
do $$
declare t text;
begin
  for t in
    select c.table_name from information_schema.columns c
    join pg_policies p on p.tablename = c.table_name and p.policyname = 'tenant_isolation'
    where c.table_schema = current_schema() and c.column_name = 'customer_id'
      and c.table_name not like 'import\_%' and c.table_name not in ('customer_aliases')
  loop
    execute format('alter policy tenant_isolation on %I
      using (workspace_id = (select clm_current_workspace()) and ((select clm_current_scope()) = ''all''
        or customer_id is null
        or exists (select 1 from customers c where c.workspace_id = %I.workspace_id and c.id = %I.customer_id offset 0)))
      with check (workspace_id = (select clm_current_workspace()) and ((select clm_current_scope()) = ''all''
        or customer_id is null
        or exists (select 1 from customers c where c.workspace_id = %I.workspace_id and c.id = %I.customer_id offset 0)))',
      t, t, t, t, t);
  end loop;
end
$$;


-- A new workspace starts with its default pool.
create function clm_workspace_default_pool() returns trigger language plpgsql as $$
begin
  insert into pools (workspace_id, name, is_default) values (new.id, 'Public pool', true);
  return null;
end
$$;
create trigger workspaces_default_pool after insert on workspaces
  for each row execute function clm_workspace_default_pool();

-- The search bypasses the policies to use its indexes (0022), so it applies the scope itself.
create or replace function clm_customer_matches(
  p_pattern text, p_email text, p_pinyin text, p_phone text, p_digits text, p_limit integer
)
returns setof uuid
language plpgsql stable security definer set search_path = public as $$
declare
  visible text := ' and ($8 = ''all'' or owner_id = any ($9) or (owner_id is null and (pool_id is null
    or pool_id = any ($10))))';
begin
  return query execute
    'select id from (
       select id from customers where workspace_id = $1 and deleted_at is null and name ilike $2' || visible || '
       union select id from customers where workspace_id = $1 and deleted_at is null and company ilike $2'
         || visible || '
       union select id from customers where workspace_id = $1 and deleted_at is null and emails @> array[$3]'
         || visible || '
       union select id from customers where workspace_id = $1 and deleted_at is null and name_pinyin like $4'
         || visible || '
       union select id from customers where workspace_id = $1 and deleted_at is null and phones @> array[$5]'
         || visible || '
       union select id from customers where workspace_id = $1 and deleted_at is null
         and clm_phones_text(phones) like $6' || visible || '
     ) m limit $7'
    using (select clm_current_workspace()), p_pattern, p_email, p_pinyin, p_phone, p_digits, p_limit,
      clm_current_scope(), clm_visible_owners(), clm_visible_pools();
end
$$;
