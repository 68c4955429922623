-- Issue 19: each owned customer's days left, shown, sorted and coloured in the customer list. The return
-- rules (src/ownership/return-rules.ts) compute a deadline in the application; this table keeps the
-- result, rewritten by refreshReturnDeadlines (src/ownership/return-deadlines.ts) in the transaction of
-- every write that moves it, so that the list can sort by it and every reader shows the same day.
-- A customer without an owner, exempt or under no rule has no row. Filled for existing customers by the
-- next pool-return run (hourly, and after the nightly refresh).
create table customer_return_deadlines (
  workspace_id uuid not null,
  customer_id uuid not null,
  returns_at timestamptz(3) not null,
  -- The index (from 0) of the pool's rule that sets the deadline, and that pool (the customer's, or the
  -- default one): the pool's urgent_days says when the days left show in red.
  rule integer not null,
  pool_id uuid not null,
  primary key (workspace_id, customer_id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade,
  foreign key (workspace_id, pool_id) references pools (workspace_id, id) on delete cascade
);
-- The list sorted by deadline walks this index and stops after a page.
create index customer_return_deadlines_at_idx on customer_return_deadlines (workspace_id, returns_at, customer_id);

-- Like everything that belongs to a customer (0028, 0031): a row is there for the user whose scope
-- shows its customer.
alter table customer_return_deadlines enable row level security;
alter table customer_return_deadlines force row level security;
create policy tenant_isolation on customer_return_deadlines
  using (workspace_id = (select clm_current_workspace()) and ((select clm_current_scope()) = 'all'
    or exists (select 1 from customers c where c.workspace_id = customer_return_deadlines.workspace_id
      and c.id = customer_return_deadlines.customer_id offset 0)))
  with check (workspace_id = (select clm_current_workspace()) and ((select clm_current_scope()) = 'all'
    or exists (select 1 from customers c where c.workspace_id = customer_return_deadlines.workspace_id
      and c.id = customer_return_deadlines.customer_id offset 0)));
grant select, insert, update, delete on customer_return_deadlines to clm_app;

-- Days left at or below which a deadline shows as urgent (red); 3 was the web app's fixed threshold.
alter table pools add column urgent_days integer not null default 3 check (urgent_days between 0 and 365);
