-- Next-response target: after each message from the customer, an answer is owed within the policy's
-- working minutes; time the ticket spends waiting on the customer meanwhile does not count.
alter table tickets
  add column next_response_minutes integer,
  -- Since when a message of the customer has gone unanswered (null: no answer owed).
  add column reply_owed_since timestamptz(3),
  -- Working minutes spent waiting on the customer, in closed waits, since the answer came to be owed.
  add column reply_paused_minutes double precision not null default 0;

alter table ticket_events drop constraint ticket_events_kind_check;
alter table ticket_events add constraint ticket_events_kind_check check (kind in ('created', 'status',
  'assigned', 'priority', 'category', 'note', 'reply', 'customer_message', 'sla_warning', 'sla_breach'));

create or replace function clm_workspaces_with_open_tickets() returns setof uuid
language sql stable security definer set search_path = public as $$
  select distinct workspace_id from tickets
  where status not in ('resolved', 'closed')
    and (first_response_minutes is not null or resolution_minutes is not null or next_response_minutes is not null)
$$;
