-- Stages are replayed from each customer's data in event time: a manual stage is one of those data,
-- and the replay needs the churn reason a person gave with it to rebuild the history entry it made.
alter table lifecycle_overrides add column churn_reason jsonb;
