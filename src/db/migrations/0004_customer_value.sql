-- Every customer's value and risk at the last refresh, computed by the analytics engine on the
-- workspace's own transactions (src/value/). One row per customer with a purchase up to the as-of day.
create table customer_values (
  workspace_id uuid not null,
  customer_id uuid not null,
  as_of date not null,
  computed_at timestamptz(3) not null,
  -- The inputs of the scores, kept so that a number on screen can be traced to its data.
  purchase_days integer not null,
  days_since_last integer not null,
  revenue numeric(18, 2) not null,
  r_score smallint not null,
  f_score smallint not null,
  m_score smallint not null,
  rfm_segment text not null,
  cn_class text not null,
  abc_class text not null check (abc_class in ('A', 'B', 'C')),
  -- Null when the workspace's data supports no converged model fit.
  p_alive double precision,
  expected_purchases_90d double precision,
  expected_avg_spend numeric(18, 2),
  clv numeric(18, 2),
  churn_risk double precision not null check (churn_risk between 0 and 100),
  churn_level text not null,
  churn_reasons jsonb not null default '[]',
  -- Churn warnings are ranked by it; stored so that the ranking is an index scan.
  value_at_risk numeric(18, 2) generated always as (round(coalesce(clv, 0) * churn_risk::numeric / 100, 2)) stored,
  primary key (workspace_id, customer_id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade
);
create index customer_values_risk_idx on customer_values (workspace_id, value_at_risk desc, customer_id);

-- The models behind the predictions, refitted at most daily, and how they did on a holdout.
create table customer_value_models (
  workspace_id uuid primary key references workspaces (id) on delete cascade,
  fitted_as_of date not null,
  fitted_at timestamptz(3) not null,
  -- {"r", "alpha", "a", "b"} and {"p", "q", "gamma"}; null when the model could not be fitted.
  bgnbd_params jsonb,
  bgnbd_log_likelihood double precision,
  bgnbd_n integer,
  bgnbd_converged boolean,
  gamma_gamma_params jsonb,
  gamma_gamma_log_likelihood double precision,
  gamma_gamma_n integer,
  gamma_gamma_converged boolean,
  -- Customers without a repeat purchase, whom Gamma-Gamma leaves out.
  gamma_gamma_skipped integer,
  -- Fit on the data up to as-of − 90 days, checked on the 90 days after: {calibrationEnd, mae, churnAuc, …}.
  backtest jsonb,
  warnings jsonb not null default '[]'
);

do $$
declare t text;
begin
  foreach t in array array['customer_values', 'customer_value_models']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (workspace_id = clm_current_workspace())
      with check (workspace_id = clm_current_workspace())', t);
  end loop;
end
$$;

grant select, insert, update, delete on customer_values, customer_value_models to clm_app;
