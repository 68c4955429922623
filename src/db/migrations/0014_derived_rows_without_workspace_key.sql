-- Stages, history and values are written by the refresh a million at a time; the foreign key of each
-- to its workspace runs a lookup and a row lock of the workspace per row written, about a third of
-- the time of such an insert. They follow their workspace by a trigger instead: deleting the workspace
-- deletes them, once per workspace rather than checked once per row. Only the refresh writes them, in
-- a transaction bound to its workspace by the tenant policies, so no row can name another one.
alter table customer_lifecycle drop constraint customer_lifecycle_workspace_id_fkey;
alter table lifecycle_history drop constraint lifecycle_history_workspace_id_fkey;
alter table customer_values drop constraint customer_values_workspace_id_fkey;

-- The tenant policies see the rows of the transaction's workspace only, which may not be the one
-- deleted: the function binds the deleted one while it deletes, then restores the binding.
create function clm_delete_derived_rows() returns trigger
language plpgsql as $$
declare
  bound text := current_setting('clm.workspace_id', true);
begin
  perform set_config('clm.workspace_id', old.id::text, true);
  delete from customer_lifecycle where workspace_id = old.id;
  delete from lifecycle_history where workspace_id = old.id;
  delete from customer_values where workspace_id = old.id;
  perform set_config('clm.workspace_id', coalesce(bound, ''), true);
  return old;
end
$$;

create trigger workspaces_delete_derived_rows after delete on workspaces
  for each row execute function clm_delete_derived_rows();
