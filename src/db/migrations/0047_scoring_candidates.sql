-- Which repeat-purchase models compete for a workspace's fit (GET/PUT /api/v1/analytics/models/candidates):
-- without a row, BG/NBD and MBG/NBD. Pareto/NBD joins when an admin adds it: its likelihood needs a
-- numerical series per distinct history, so its fit costs several times the other two.
create table scoring_settings (
  workspace_id uuid primary key references workspaces (id) on delete cascade,
  repeat_models text[] not null
);

alter table scoring_settings enable row level security;
alter table scoring_settings force row level security;
create policy tenant_isolation on scoring_settings using (workspace_id = (select clm_current_workspace()))
  with check (workspace_id = (select clm_current_workspace()));
grant select, insert, update, delete on scoring_settings to clm_app;
