-- The webhook key is sealed with the server's secret key (the application writes it, so the sealing of
-- keys stored before is done at start-up), and made when an admin asks for one: it is shown only then.
alter table care_settings alter column webhook_secret drop not null;

-- The workspace's own SMTP server for care e-mails; the password is sealed like the webhook key.
-- Without a host the server's CLM_SMTP_URL sends them.
alter table care_settings
  add column smtp_host text,
  add column smtp_port integer,
  add column smtp_user text,
  add column smtp_password text,
  add column smtp_from text;

-- Rules may add or remove a customer's tag: one log row per occasion, like a task.
alter table care_messages drop constraint care_messages_channel_check;
alter table care_messages add constraint care_messages_channel_check
  check (channel in ('email', 'sms', 'wechat', 'other', 'task', 'tag'));

-- The start-up sealing's one cross-workspace read: workspaces whose webhook key is still in clear.
create function clm_care_clear_secret_workspaces()
returns table (workspace_id uuid)
language sql stable security definer set search_path = public as $$
  select workspace_id from care_settings where webhook_secret not like 'v1.%'
$$;
revoke all on function clm_care_clear_secret_workspaces() from public;
grant execute on function clm_care_clear_secret_workspaces() to clm_app;
