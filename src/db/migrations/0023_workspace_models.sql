-- One model fit per workspace behind every prediction (the stage cause's P(alive) and the value
-- card's alike): the repeat-purchase model chosen by holdout log-likelihood, the spend model and the
-- churn model, as the scoring pipeline stores them (src/scoring/workspace-model.ts). It replaces the
-- lifecycle's own fit and the value refresh's own fit, each with a refit policy of its own.
create table workspace_models (
  workspace_id uuid primary key references workspaces (id) on delete cascade,
  as_of date not null,
  fitted_at timestamptz(3) not null,
  model jsonb not null
);

alter table workspace_models enable row level security;
alter table workspace_models force row level security;
create policy tenant_isolation on workspace_models using (workspace_id = (select clm_current_workspace()))
  with check (workspace_id = (select clm_current_workspace()));
grant select, insert, update, delete on workspace_models to clm_app;

alter table lifecycle_settings drop column fit;

-- customer_value_models keeps the value settings and the cut-offs of the last full recomputation.
alter table customer_value_models
  drop column fitted_as_of,
  drop column fitted_at,
  drop column bgnbd_params,
  drop column bgnbd_log_likelihood,
  drop column bgnbd_n,
  drop column bgnbd_converged,
  drop column gamma_gamma_params,
  drop column gamma_gamma_log_likelihood,
  drop column gamma_gamma_n,
  drop column gamma_gamma_converged,
  drop column gamma_gamma_skipped,
  drop column backtest,
  drop column warnings;

-- Churn levels are bands of P(no purchase in the next 90 days): the lower bounds of medium, high and
-- critical, editable per workspace (GET/PUT /api/v1/analytics/churn-bands).
alter table customer_value_models add column churn_bands jsonb not null default '[0.5, 0.67, 0.9]';

-- Why a customer's model predictions (P(alive), expected purchases, spend, CLV) are absent: the
-- workspace's fit is below a minimum or did not converge, or there is no spend model; null when present.
alter table customer_values add column absent_reason text;
