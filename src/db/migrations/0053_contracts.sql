-- A customer's signed contracts (src/contracts): what was signed, when it runs and what it is worth, in
-- the workspace's currency when it was recorded. The end of a customer's latest contract starts the
-- pool return clock `contractEndDays`; a signing restarts the follow-up and purchase clocks (issue 19).
create table contracts (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  -- The contract's number or title, as the customer and the team quote it.
  title text not null,
  signed_on date not null,
  starts_on date not null,
  -- Null: open-ended, running until someone ends it.
  ends_on date,
  amount numeric(14, 2) check (amount >= 0),
  currency text not null,
  business_line_id uuid,
  note text,
  created_by uuid,
  version integer not null default 1,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now(),
  primary key (workspace_id, id),
  check (ends_on is null or ends_on >= starts_on),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade,
  foreign key (workspace_id, business_line_id)
    references business_lines (workspace_id, id) on delete set null (business_line_id),
  foreign key (workspace_id, created_by) references memberships (workspace_id, user_id) on delete set null (created_by)
);
create index contracts_customer_idx on contracts (workspace_id, customer_id, signed_on desc);

-- A contract follows its customer, for reads and writes alike, as everything under a customer (0028).
alter table contracts enable row level security;
alter table contracts force row level security;
create policy tenant_isolation on contracts
  using (workspace_id = (select clm_current_workspace()) and ((select clm_current_scope()) = 'all'
    or exists (select 1 from customers c where c.workspace_id = contracts.workspace_id and c.id = contracts.customer_id offset 0)))
  with check (workspace_id = (select clm_current_workspace()) and ((select clm_current_scope()) = 'all'
    or exists (select 1 from customers c where c.workspace_id = contracts.workspace_id and c.id = contracts.customer_id offset 0)));
grant select, insert, update, delete on contracts to clm_app;
