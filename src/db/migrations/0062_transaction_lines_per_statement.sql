-- A transaction's business line is checked once per statement instead of once per row, as its
-- customer is since migration 0056. The foreign key queued a check for every inserted row, even for
-- the many rows without a line: 0.9 s of a million-row import on PostgreSQL, and a queue in memory
-- that the embedded database keeps until the statement ends. The rule stays: every line the rows name
-- exists in their workspace, and is locked (FOR KEY SHARE, as the foreign key did) until the
-- transaction ends; a line that transactions name cannot be deleted, nor its key changed. The
-- violation is reported as the foreign key reported it: SQLSTATE 23503, constraint
-- transactions_workspace_id_business_line_id_fkey, which the business lines' service answers as 409.
--
-- They run with the caller's rights, under row-level security, as the customers' checks do. Lines are
-- deleted by those who see the whole workspace (owners and admins), so the transactions the deleting
-- check can see are all of the line's.
alter table transactions drop constraint transactions_workspace_id_business_line_id_fkey;

create function clm_transactions_require_lines()
returns trigger language plpgsql as $$
declare
  wanted bigint;
  locked bigint;
  missing record;
begin
  -- On update, only the lines the statement brings in: the foreign key skipped its check when a row's
  -- key did not change.
  if tg_op = 'INSERT' then
    with named as materialized (
      select distinct workspace_id, business_line_id from new_rows where business_line_id is not null),
    held as materialized (
      select b.id from business_lines b
      join named n on b.workspace_id = n.workspace_id and b.id = n.business_line_id
      for key share of b)
    select (select count(*) from named), (select count(*) from held) into wanted, locked;
  else
    with named as materialized (
      select workspace_id, business_line_id from new_rows where business_line_id is not null
      except select workspace_id, business_line_id from old_rows),
    held as materialized (
      select b.id from business_lines b
      join named n on b.workspace_id = n.workspace_id and b.id = n.business_line_id
      for key share of b)
    select (select count(*) from named), (select count(*) from held) into wanted, locked;
  end if;
  if locked < wanted then
    select n.workspace_id, n.business_line_id into missing from new_rows n
    where n.business_line_id is not null and not exists (
      select 1 from business_lines b where b.workspace_id = n.workspace_id and b.id = n.business_line_id)
    limit 1;
    raise exception 'insert or update on table "transactions" violates foreign key constraint "transactions_workspace_id_business_line_id_fkey"'
      using errcode = 'foreign_key_violation', constraint = 'transactions_workspace_id_business_line_id_fkey',
        table = 'transactions', schema = 'public',
        detail = format('Key (workspace_id, business_line_id)=(%s, %s) is not present in table "business_lines".',
          missing.workspace_id, missing.business_line_id);
  end if;
  return null;
end
$$;

create trigger transactions_lines_insert after insert on transactions
  referencing new table as new_rows for each statement execute function clm_transactions_require_lines();
create trigger transactions_lines_update after update on transactions
  referencing old table as old_rows new table as new_rows
  for each statement execute function clm_transactions_require_lines();

create function clm_business_lines_keep_referenced()
returns trigger language plpgsql as $$
declare
  named record;
begin
  if tg_op = 'DELETE' then
    -- Rows deleted with their workspace take its transactions with them.
    select o.workspace_id, o.id into named from old_rows o
    where exists (
      select 1 from transactions t where t.workspace_id = o.workspace_id and t.business_line_id = o.id)
      and exists (select 1 from workspaces w where w.id = o.workspace_id)
    limit 1;
  else
    select old.workspace_id, old.id into named
    where exists (
      select 1 from transactions t where t.workspace_id = old.workspace_id and t.business_line_id = old.id);
  end if;
  if found then
    raise exception 'update or delete on table "business_lines" violates foreign key constraint "transactions_workspace_id_business_line_id_fkey" on table "transactions"'
      using errcode = 'foreign_key_violation', constraint = 'transactions_workspace_id_business_line_id_fkey',
        table = 'transactions', schema = 'public',
        detail = format('Key (workspace_id, id)=(%s, %s) is still referenced from table "transactions".',
          named.workspace_id, named.id);
  end if;
  return null;
end
$$;

create trigger business_lines_delete_keep_transactions after delete on business_lines
  referencing old table as old_rows for each statement execute function clm_business_lines_keep_referenced();
create trigger business_lines_key_keep_transactions after update of workspace_id, id on business_lines
  for each row when (old.workspace_id is distinct from new.workspace_id or old.id is distinct from new.id)
  execute function clm_business_lines_keep_referenced();

-- Deleting a workspace deletes its customers and its transactions alike, and the customers' check
-- (migration 0056) saw the transactions not yet deleted: a workspace with sales could not be deleted.
-- Customers deleted with their workspace are let go, as its lines are above.
create or replace function clm_customers_keep_referenced()
returns trigger language plpgsql as $$
declare
  named record;
begin
  if tg_op = 'DELETE' then
    select o.workspace_id, o.id into named from old_rows o
    where exists (select 1 from transactions t where t.workspace_id = o.workspace_id and t.customer_id = o.id)
      and exists (select 1 from workspaces w where w.id = o.workspace_id)
    limit 1;
  else
    select old.workspace_id, old.id into named
    where exists (select 1 from transactions t where t.workspace_id = old.workspace_id and t.customer_id = old.id);
  end if;
  if found then
    raise exception 'update or delete on table "customers" violates foreign key constraint "transactions_workspace_id_customer_id_fkey" on table "transactions"'
      using errcode = 'foreign_key_violation', constraint = 'transactions_workspace_id_customer_id_fkey',
        table = 'transactions', schema = 'public',
        detail = format('Key (workspace_id, id)=(%s, %s) is still referenced from table "transactions".',
          named.workspace_id, named.id);
  end if;
  return null;
end
$$;
