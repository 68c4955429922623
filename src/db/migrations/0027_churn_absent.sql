-- Churn risk is the churn model's P(no purchase in the next 90 days) or nothing: below the model
-- minimums, or when its fit did not converge, the risk, its level and the value at risk are absent and
-- churn_absent_reason says why (src/value/value-rows.ts). No rule score stands in for a probability.
alter table customer_values
  alter column churn_risk drop not null,
  alter column churn_level drop not null,
  alter column value_at_risk drop not null,
  alter column value_at_risk_band drop not null,
  add column churn_absent_reason text;

-- Rows stored below the minimums carry a rule score in place of the probability: absent until the
-- next refresh rewrites them.
update customer_values
set churn_risk = null, churn_level = null, churn_reasons = '[]', value_at_risk = null,
  value_at_risk_band = null, churn_absent_reason = absent_reason
where absent_reason in ('too-few-customers', 'too-few-repeat-buyers', 'too-short-history');
