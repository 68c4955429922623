-- The customers a transaction or follow-up file names, one row per distinct (external id, phone, e-mail)
-- with the first line naming it, how many staged rows name it, and the customer it resolves to. A table,
-- not a temporary one, so that the merge can run as a series of short transactions (the embedded
-- database serves every request on one connection) and resume after a restart.
create table import_refs (
  workspace_id uuid not null,
  import_id uuid not null,
  ext text not null,
  phone text not null,
  email text not null,
  name text,
  line bigint not null,
  named_rows integer not null,
  customer_id uuid,
  primary key (workspace_id, import_id, ext, phone, email),
  foreign key (workspace_id, import_id) references imports (workspace_id, id) on delete cascade
);
create index import_refs_line_idx on import_refs (workspace_id, import_id, line);
create index import_refs_phone_idx on import_refs (workspace_id, import_id, phone) where phone <> '';
create index import_refs_email_idx on import_refs (workspace_id, import_id, email) where email <> '';
alter table import_refs enable row level security;
alter table import_refs force row level security;
create policy tenant_isolation on import_refs using (workspace_id = clm_current_workspace())
  with check (workspace_id = clm_current_workspace());
grant select, insert, update, delete on import_refs to clm_app;

-- A slice of the merge reads its staged rows by lines, then by the customer reference they name: one
-- text of the three parts, compared with = (row-level security lets the planner use an index only for
-- comparisons that cannot leak, which coalesce() is not).
drop index import_transaction_rows_import_idx;
create index import_transaction_rows_line_idx on import_transaction_rows (workspace_id, import_id, line);
drop index import_interaction_rows_import_idx;
create index import_interaction_rows_line_idx on import_interaction_rows (workspace_id, import_id, line);
alter table import_transaction_rows add column ref text generated always as (
  coalesce(customer_external_id, '') || chr(31) || coalesce(customer_phone, '') || chr(31) || coalesce(customer_email, '')
) stored;
create index import_transaction_rows_ref_idx on import_transaction_rows (workspace_id, import_id, ref);
alter table import_interaction_rows add column ref text generated always as (
  coalesce(customer_external_id, '') || chr(31) || coalesce(customer_phone, '') || chr(31) || coalesce(customer_email, '')
) stored;
create index import_interaction_rows_ref_idx on import_interaction_rows (workspace_id, import_id, ref);
alter table import_refs add column ref text generated always as (ext || chr(31) || phone || chr(31) || email) stored;

-- Statistics of an import's staging table, references and customers, taken by the merge once they are
-- filled and after it creates customers: a merge in ranges joins a few references with their staged
-- rows and customers, which without statistics the planner takes for empty tables and scans whole for
-- each reference. Like clm_analyze_stale, a table another
-- transaction is analysing is left to it.
create function clm_analyze_import(p_kind text)
returns void
language plpgsql security definer set search_path = public as $$
declare t text;
begin
  foreach t in array array['customers', 'import_refs', case p_kind
    when 'customers' then 'import_customer_rows'
    when 'transactions' then 'import_transaction_rows'
    else 'import_interaction_rows' end]
  loop
    begin
      execute format('lock table %I in share update exclusive mode nowait', t);
      execute format('analyze %I', t);
    exception when lock_not_available then
      null;
    end;
  end loop;
end
$$;
revoke all on function clm_analyze_import(text) from public;
grant execute on function clm_analyze_import(text) to clm_app;
