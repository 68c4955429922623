-- The cut-offs of the relative scores, stored with the fit by the refresh that recomputed everyone:
-- the RFM quintile runs, the ABC revenue thresholds, the means of the Chinese classes and the
-- population's purchase rhythm. A refresh between daily recomputations scores the customers whose
-- data changed against them instead of recomputing every customer (src/value/value-cutoffs.ts).
-- customer_value_models already has row-level security (0004); new columns need nothing more.
alter table customer_value_models
  add column cutoffs jsonb,
  add column cutoffs_as_of date,
  add column cutoffs_at timestamptz(3);
