-- Stage rules may fire on a customer's entry into a stage of one business line: the waiting entries say
-- which line (null: the customer as a whole).
alter table care_stage_entries add column business_line_id uuid;

-- Frequency caps per channel beside the cap across all channels, e.g. {"email": {"messages": 2, "days": 7}};
-- the guards carry a version, which a change must name (If-Match).
alter table care_settings
  add column channel_caps jsonb not null default '{}',
  add column version integer not null default 1;

-- A message the channel confirmed as delivered (a webhook adapter's callback).
alter table care_messages drop constraint care_messages_status_check;
alter table care_messages add constraint care_messages_status_check
  check (status in ('queued', 'held', 'sending', 'sent', 'delivered', 'failed', 'skipped'));
alter table care_messages add column delivered_at timestamptz(3);
