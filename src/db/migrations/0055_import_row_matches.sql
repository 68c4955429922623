-- Per line of a customer import: the existing customer the line matched (and by what), or the earlier
-- line it repeats, for the import's row report. Created customers need no entry: their lines are the
-- rest. Ids and line numbers only, so nothing here is personal data of its own.
create table import_row_matches (
  workspace_id uuid not null,
  import_id uuid not null,
  line bigint not null,
  customer_id uuid,
  outcome text not null check (outcome in ('matched', 'duplicate')),
  matched_by text check (matched_by in ('externalId', 'phone', 'email', 'content')),
  earlier_line bigint,
  primary key (workspace_id, import_id, line),
  foreign key (workspace_id, import_id) references imports (workspace_id, id) on delete cascade
);

alter table import_row_matches enable row level security;
alter table import_row_matches force row level security;
create policy tenant_isolation on import_row_matches using (workspace_id = (select clm_current_workspace()))
  with check (workspace_id = (select clm_current_workspace()));
grant select, insert, update, delete on import_row_matches to clm_app;
