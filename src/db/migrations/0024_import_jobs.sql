-- Imports run as jobs of the job queue (one job per import) instead of a loop claiming the next one.
drop function clm_claim_import(text, timestamptz, boolean);

-- The import resume sweep's one cross-workspace read: uploaded imports not finished, with the end of
-- their claim, so that a job can be sent for each one queued or left by a runner that died.
create function clm_unfinished_imports()
returns table (workspace_id uuid, id uuid, status text, lease_until timestamptz)
language sql stable security definer set search_path = public as $$
  select i.workspace_id, i.id, i.status, i.lease_until from imports i
  where i.source = 'upload' and i.status in ('queued', 'running')
  order by i.created_at
$$;
revoke all on function clm_unfinished_imports() from public;
grant execute on function clm_unfinished_imports() to clm_app;
