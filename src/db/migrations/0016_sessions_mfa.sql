-- Sign-in protection, token lifetimes and two-step sign-in.

-- Failed sign-ins, counted per (account, source address) and per source address. The key is a
-- sha-256 of the counter's name, so the table holds no e-mail or address. Kept in the database so a
-- restart does not forget a running guesser; rows whose last failure is older than a day count as
-- nothing and are deleted as new failures come in.
create table login_failures (
  key_hash bytea primary key,
  failures integer not null,
  last_failure_at timestamptz(3) not null
);
create index login_failures_last_idx on login_failures (last_failure_at);
grant select, insert, update, delete on login_failures to clm_app;

-- Personal tokens now always expire (90 days by default): those made without an expiry get the default
-- from today rather than being cut off at once.
update auth_tokens set expires_at = now() + interval '90 days'
  where kind = 'personal' and expires_at is null and revoked_at is null;

-- Two-step sign-in (TOTP, RFC 6238). A secret is stored at enrolment and counts once confirmed with a
-- code (enabled_at). last_step is the time step of the last accepted code: a code is never taken twice.
create table user_mfa (
  user_id uuid primary key references users (id) on delete cascade,
  secret text not null,
  enabled_at timestamptz(3),
  last_step bigint,
  created_at timestamptz(3) not null default now()
);

-- Single-use recovery codes, as sha-256 (they are random, 50 bits each: a slow hash adds nothing).
create table mfa_recovery_codes (
  user_id uuid not null references users (id) on delete cascade,
  code_hash bytea not null,
  used_at timestamptz(3),
  primary key (user_id, code_hash)
);
grant select, insert, update, delete on user_mfa, mfa_recovery_codes to clm_app;

-- A workspace's sign-in rules, set by its admins: with require_mfa, members without two-step sign-in
-- are asked to turn it on before they can use the workspace.
create table workspace_auth_policies (
  workspace_id uuid primary key references workspaces (id) on delete cascade,
  require_mfa boolean not null default false,
  updated_at timestamptz(3) not null default now()
);
alter table workspace_auth_policies enable row level security;
alter table workspace_auth_policies force row level security;
create policy tenant_isolation on workspace_auth_policies
  using (workspace_id = (select clm_current_workspace()))
  with check (workspace_id = (select clm_current_workspace()));
grant select, insert, update, delete on workspace_auth_policies to clm_app;

-- The workspaces of a user that require two-step sign-in, read before any workspace is bound (as
-- clm_user_workspaces is).
create function clm_user_mfa_workspaces(p_user_id uuid)
returns setof uuid
language sql stable security definer set search_path = public as $$
  select p.workspace_id
  from workspace_auth_policies p join memberships m on m.workspace_id = p.workspace_id
  where m.user_id = p_user_id and p.require_mfa
$$;
revoke all on function clm_user_mfa_workspaces(uuid) from public;
grant execute on function clm_user_mfa_workspaces(uuid) to clm_app;
