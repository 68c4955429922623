-- A customer's transactions with their amounts and business lines, from the index alone: a refresh of
-- the customers who bought since the last one read one heap page per transaction before, most of its
-- reading time. The index it replaces is its prefix, so every plan that used it can use this one.
create index transactions_customer_cover_idx on transactions (workspace_id, customer_id, occurred_at)
  include (amount, business_line_id);
drop index transactions_customer_idx;
