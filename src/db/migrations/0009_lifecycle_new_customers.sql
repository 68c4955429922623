-- A new customer is marked for the next lifecycle refresh like a customer with new data, so that an
-- incremental refresh no longer looks for customers never placed among all of them (at a million
-- customers, an anti-join of every customer with every stage at each refresh). Statement-level, like
-- the other marks: an import of many customers marks them in one insert.
create function clm_lifecycle_mark_new_customers() returns trigger language plpgsql as $$
begin
  insert into lifecycle_dirty (workspace_id, customer_id)
  select workspace_id, id from new_rows where deleted_at is null
  on conflict do nothing;
  return null;
end
$$;

create trigger customers_lifecycle_insert after insert on customers
  referencing new table as new_rows for each statement execute function clm_lifecycle_mark_new_customers();

-- Customers added since their workspace's last refresh, before this migration, are marked now.
insert into lifecycle_dirty (workspace_id, customer_id)
select c.workspace_id, c.id from customers c
where c.deleted_at is null and not exists (
  select 1 from customer_lifecycle l
  where l.workspace_id = c.workspace_id and l.customer_id = c.id and l.business_line_id is null)
on conflict do nothing;
