-- Issue 19: a return warning reaches the owner first and the managers of the owner's team later, and
-- the inbox also tells of assignments and of owned customers at rising churn risk or entering decline.

-- Days before a customer's return that the owner's team managers are warned, when the owner has not
-- restarted the clock meanwhile (0: managers are not warned). At most the pool's warn_days, which the
-- API checks; existing pools keep warning managers no earlier than their owners.
alter table pools add column manager_warn_days integer not null default 1
  check (manager_warn_days between 0 and 365);
update pools set manager_warn_days = least(warn_days, 1);

alter table ownership_events drop constraint ownership_events_reason_code_check;
alter table ownership_events add constraint ownership_events_reason_code_check
  check (reason_code in ('return-rule', 'return-warning', 'return-escalation', 'merge', 'import'));

alter table notifications drop constraint notifications_kind_check;
alter table notifications add constraint notifications_kind_check
  check (kind in ('return-warning', 'assignment', 'churn-warning'));

-- The churn level of each customer its owner was last told of (or that was there when this table was
-- made), so that a customer's rise into a level is told once, not at every refresh.
create table notification_churn_seen (
  workspace_id uuid not null,
  customer_id uuid not null,
  level text not null,
  primary key (workspace_id, customer_id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade
);
insert into notification_churn_seen (workspace_id, customer_id, level)
  select workspace_id, customer_id, churn_level from customer_values where churn_level is not null;
alter table notification_churn_seen enable row level security;
alter table notification_churn_seen force row level security;
create policy tenant_isolation on notification_churn_seen
  using (workspace_id = (select clm_current_workspace()))
  with check (workspace_id = (select clm_current_workspace()));
grant select, insert, update, delete on notification_churn_seen to clm_app;
