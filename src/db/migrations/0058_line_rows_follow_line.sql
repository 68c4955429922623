-- A refresh writes a stage and its history for every customer it places, most of them with no business
-- line. The foreign key of each row to its business line queued a check per row written even when the
-- line was none: in a first placement, millions of checks that find nothing to do. The stages and
-- history of a line follow it by a trigger instead, as they follow their workspace (migration 0014):
-- deleting a line deletes them. A line is deleted only when no transaction names it, and a refresh
-- takes its lines from the transactions it reads and locks the lines it writes rows of (see
-- lifecycle/course-writes.ts), so no row can name a line that is gone.
alter table customer_lifecycle drop constraint customer_lifecycle_workspace_id_business_line_id_fkey;
alter table lifecycle_history drop constraint lifecycle_history_workspace_id_business_line_id_fkey;

create function clm_delete_line_rows() returns trigger
language plpgsql as $$
begin
  delete from customer_lifecycle l using old_lines o
    where l.workspace_id = o.workspace_id and l.business_line_id = o.id;
  delete from lifecycle_history h using old_lines o
    where h.workspace_id = o.workspace_id and h.business_line_id = o.id;
  return null;
end
$$;

create trigger business_lines_delete_line_rows after delete on business_lines
  referencing old table as old_lines for each statement execute function clm_delete_line_rows();
