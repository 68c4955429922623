-- One primary contact per customer, enforced where every writer passes (the service also serialises
-- the switch, so concurrent writers wait instead of failing on this index).
create unique index contacts_primary_key on contacts (workspace_id, customer_id) where is_primary;

-- The follow-up list reads newest first across a workspace and per rep (their activity and performance).
create index interactions_occurred_idx on interactions (workspace_id, occurred_at, id);
create index interactions_user_idx on interactions (workspace_id, user_id, occurred_at);
