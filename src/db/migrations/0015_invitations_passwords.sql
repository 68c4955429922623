-- Accounts nobody can take over: a member joins by accepting an invitation sent to their e-mail, a
-- password is reset through a link sent to the account's e-mail, and an admin can deactivate a member.

-- A deactivated member keeps their row (their customers, tasks and audit entries still name them) but
-- cannot act in the workspace.
alter table memberships add column deactivated_at timestamptz(3);

-- Invitations are tenant rows. Only the sha-256 of the link's secret is stored, as for bearer tokens.
create table invitations (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  email text not null,
  role text not null check (role in ('owner', 'admin', 'manager', 'rep', 'analyst')),
  token_hash bytea not null,
  invited_by uuid references users (id) on delete set null,
  created_at timestamptz(3) not null default now(),
  expires_at timestamptz(3) not null,
  accepted_at timestamptz(3),
  accepted_by uuid references users (id) on delete set null,
  revoked_at timestamptz(3),
  primary key (workspace_id, id)
);
create unique index invitations_token_key on invitations (token_hash);
-- One open invitation per address and workspace: a second one is a resend, not a new invitation.
create unique index invitations_open_email_key on invitations (workspace_id, lower(email))
  where accepted_at is null and revoked_at is null;

alter table invitations enable row level security;
alter table invitations force row level security;
create policy tenant_isolation on invitations using (workspace_id = (select clm_current_workspace()))
  with check (workspace_id = (select clm_current_workspace()));

-- Password resets belong to an account, which is global like its tokens.
create table password_resets (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  token_hash bytea not null unique,
  created_at timestamptz(3) not null default now(),
  expires_at timestamptz(3) not null,
  used_at timestamptz(3)
);
create index password_resets_user_idx on password_resets (user_id);

grant select, insert, update, delete on invitations, password_resets to clm_app;

-- Whoever holds an invitation link is not yet a member of its workspace: this finds the workspace of a
-- link's secret (and nothing else), so the invitation itself is then read under row-level security.
create function clm_invitation_workspace(p_token_hash bytea) returns uuid
language sql stable security definer set search_path = public as $$
  select workspace_id from invitations where token_hash = p_token_hash
$$;
revoke all on function clm_invitation_workspace(bytea) from public;
grant execute on function clm_invitation_workspace(bytea) to clm_app;

-- A deactivated membership gives no access: the workspaces a token may act in leave it out.
create or replace function clm_user_workspaces(p_user_id uuid)
returns table (id uuid, name text, role text, phone_region text, timezone text, created_at timestamptz)
language sql stable security definer set search_path = public as $$
  select w.id, w.name, m.role, w.phone_region::text, w.timezone, m.created_at
  from memberships m join workspaces w on w.id = m.workspace_id
  where m.user_id = p_user_id and m.deactivated_at is null
  order by m.created_at, w.id
$$;
