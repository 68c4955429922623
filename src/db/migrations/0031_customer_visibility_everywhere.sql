-- Care messages, tickets and surveys belong to a customer too: like every such table, a row is there for
-- the user whose scope shows its customer (the same policy 0028 gave the tables that existed then).
do $$
declare t text;
begin
  foreach t in array array['care_messages', 'care_stage_entries', 'care_churn_seen', 'tickets', 'surveys']
  loop
    execute format('alter policy tenant_isolation on %I
      using (workspace_id = (select clm_current_workspace()) and ((select clm_current_scope()) = ''all''
        or exists (select 1 from customers c where c.workspace_id = %I.workspace_id and c.id = %I.customer_id offset 0)))
      with check (workspace_id = (select clm_current_workspace()) and ((select clm_current_scope()) = ''all''
        or exists (select 1 from customers c where c.workspace_id = %I.workspace_id and c.id = %I.customer_id offset 0)))',
      t, t, t, t, t);
  end loop;
end
$$;
