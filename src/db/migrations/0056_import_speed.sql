-- A transaction's customer is checked once per statement instead of once per row. The foreign key
-- looked each row's customer up and locked it, one query per row: a fifth of an import's insert of a
-- million transactions, where the rows name a tenth as many customers. These triggers keep the same
-- rule with one set-based query per statement: every customer the new rows name must exist, and is
-- locked (FOR KEY SHARE, as the foreign key did) so that it cannot be deleted before the transaction
-- ends; a customer that transactions name cannot be deleted, nor its key changed. The violation is
-- reported as the foreign key reported it: SQLSTATE 23503, constraint
-- transactions_workspace_id_customer_id_fkey.
--
-- They run with the caller's rights, under row-level security: a row passes the transactions policy
-- only in the bound workspace and, for a scoped viewer, only naming a customer the viewer sees, so the
-- customers the check can see are exactly those the rows may name.
alter table transactions drop constraint transactions_workspace_id_customer_id_fkey;

create function clm_transactions_require_customers()
returns trigger language plpgsql as $$
declare
  wanted bigint;
  locked bigint;
  missing record;
begin
  -- On update, only the customers the statement brings in: the foreign key skipped its check when a
  -- row's key did not change.
  if tg_op = 'INSERT' then
    with named as materialized (select distinct workspace_id, customer_id from new_rows),
    held as materialized (
      select c.id from customers c join named n on c.workspace_id = n.workspace_id and c.id = n.customer_id
      for key share of c)
    select (select count(*) from named), (select count(*) from held) into wanted, locked;
  else
    with named as materialized (
      select workspace_id, customer_id from new_rows except select workspace_id, customer_id from old_rows),
    held as materialized (
      select c.id from customers c join named n on c.workspace_id = n.workspace_id and c.id = n.customer_id
      for key share of c)
    select (select count(*) from named), (select count(*) from held) into wanted, locked;
  end if;
  if locked < wanted then
    select n.workspace_id, n.customer_id into missing from new_rows n
    where not exists (select 1 from customers c where c.workspace_id = n.workspace_id and c.id = n.customer_id)
    limit 1;
    raise exception 'insert or update on table "transactions" violates foreign key constraint "transactions_workspace_id_customer_id_fkey"'
      using errcode = 'foreign_key_violation', constraint = 'transactions_workspace_id_customer_id_fkey',
        table = 'transactions', schema = 'public',
        detail = format('Key (workspace_id, customer_id)=(%s, %s) is not present in table "customers".',
          missing.workspace_id, missing.customer_id);
  end if;
  return null;
end
$$;

-- Triggers fire in the order of their names: these come before transactions_stats_*, whose refresh
-- of customer_stats would otherwise report a missing customer under that table's foreign key.
create trigger transactions_customers_insert after insert on transactions
  referencing new table as new_rows for each statement execute function clm_transactions_require_customers();
create trigger transactions_customers_update after update on transactions
  referencing old table as old_rows new table as new_rows
  for each statement execute function clm_transactions_require_customers();

create function clm_customers_keep_referenced()
returns trigger language plpgsql as $$
declare
  named record;
begin
  if tg_op = 'DELETE' then
    select o.workspace_id, o.id into named from old_rows o
    where exists (select 1 from transactions t where t.workspace_id = o.workspace_id and t.customer_id = o.id)
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

create trigger customers_delete_keep_transactions after delete on customers
  referencing old table as old_rows for each statement execute function clm_customers_keep_referenced();
create trigger customers_key_keep_transactions after update of workspace_id, id on customers
  for each row when (old.workspace_id is distinct from new.workspace_id or old.id is distinct from new.id)
  execute function clm_customers_keep_referenced();

-- Staged rows and the references built from them are not written to the write-ahead log: a million
-- staged rows wrote as much log again as the import itself, for rows that live until the merge. A
-- crash of the database empties these tables; import_stage_marks, emptied with them, tells a resumed
-- import that its staged rows are gone, and the import then reads its file again from the start.
alter table import_customer_rows set unlogged;
alter table import_transaction_rows set unlogged;
alter table import_interaction_rows set unlogged;
alter table import_refs set unlogged;

create unlogged table import_stage_marks (
  workspace_id uuid not null,
  import_id uuid not null,
  primary key (workspace_id, import_id),
  foreign key (workspace_id, import_id) references imports (workspace_id, id) on delete cascade
);
-- Imports under way when this runs keep their staged rows.
insert into import_stage_marks
  select workspace_id, id from imports where status in ('queued', 'running') and rows_done > 0;
alter table import_stage_marks enable row level security;
alter table import_stage_marks force row level security;
create policy tenant_isolation on import_stage_marks using (workspace_id = (select clm_current_workspace()))
  with check (workspace_id = (select clm_current_workspace()));
grant select, insert, update, delete on import_stage_marks to clm_app;

-- The keys that de-duplicate imported transactions hold only rows that have one: a row with an order
-- id has no content key, and a row without one has no order id, yet both unique indexes took an entry
-- for every row. Same names, so that the errors that name them read the same.
drop index transactions_import_key;
create unique index transactions_import_key on transactions (workspace_id, import_key)
  where import_key is not null;
alter table transactions drop constraint transactions_workspace_id_external_id_key;
create unique index transactions_workspace_id_external_id_key on transactions (workspace_id, external_id)
  where external_id is not null;
