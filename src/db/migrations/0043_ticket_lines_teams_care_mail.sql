-- A ticket belongs to a business line and to a team of its own (the team's queue), apart from whoever
-- is assigned. A removed line or team leaves its tickets without one.
alter table tickets
  add column business_line_id uuid,
  add column team_id uuid,
  add constraint tickets_business_line_fk foreign key (workspace_id, business_line_id)
    references business_lines (workspace_id, id) on delete set null (business_line_id),
  add constraint tickets_team_fk foreign key (workspace_id, team_id)
    references teams (workspace_id, id) on delete set null (team_id);
create index tickets_team_idx on tickets (workspace_id, team_id, status) where team_id is not null;
create index tickets_business_line_idx on tickets (workspace_id, business_line_id, created_at)
  where business_line_id is not null;

alter table ticket_events drop constraint ticket_events_kind_check;
alter table ticket_events add constraint ticket_events_kind_check check (kind in ('created', 'status',
  'assigned', 'team', 'business_line', 'priority', 'category', 'note', 'reply', 'customer_message',
  'sla_warning', 'sla_breach'));

-- The care message log also carries messages that no rule sent (a survey invitation): their subject and
-- text are kept, sealed with the server's key because they hold the survey's secret link, until sent.
alter table care_messages
  alter column rule_id drop not null,
  alter column action_index drop not null,
  add column subject text,
  add column body text,
  add constraint care_messages_source_check
    check ((rule_id is not null and action_index is not null) or (subject is not null and body is not null));
