-- A refresh writes a stage, a history entry and a value row for every customer it places, and the
-- foreign key of each to its customer costs a lookup and a row lock of that customer per row written,
-- a large part of a first refresh. Customers are deleted softly, never removed but with
-- their workspace (a merge removes the stages and values of the customers it merges), so these rows
-- follow the workspace instead, whose one row every check finds at once.
alter table customer_lifecycle drop constraint customer_lifecycle_workspace_id_customer_id_fkey,
  add foreign key (workspace_id) references workspaces (id) on delete cascade;
alter table lifecycle_history drop constraint lifecycle_history_workspace_id_customer_id_fkey,
  add foreign key (workspace_id) references workspaces (id) on delete cascade;
alter table customer_values drop constraint customer_values_workspace_id_customer_id_fkey,
  add foreign key (workspace_id) references workspaces (id) on delete cascade;
