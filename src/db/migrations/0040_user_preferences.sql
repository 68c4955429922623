-- What a person chose about how screens look (the customer list's columns, …), kept with the account so
-- that it follows them to another browser. One document, validated by src/users/preferences.ts.
alter table users add column preferences jsonb not null default '{}'::jsonb;
