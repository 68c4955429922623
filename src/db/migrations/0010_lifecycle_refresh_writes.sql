-- A refresh writes only the stage rows that change. The day of the last evaluation, which every
-- refresh wrote into every row (a million updates at a million customers, nightly), is the
-- workspace's last refresh day, kept once in lifecycle_settings.last_as_of.
alter table customer_lifecycle drop column evaluated_as_of;

-- The customers deleted (softly): a refresh removes their stored values, and finds them here in the
-- few rows of a partial index instead of a scan of every customer.
create index customers_deleted_idx on customers (workspace_id, id) where deleted_at is not null;
