-- Limits of a pool per role or team (issue 19): the first entry that matches a claimer, by team then by
-- role, replaces the pool's own claims per day and customers held for them. Checked by
-- src/ownership/member-limits.ts; an empty list leaves the pool's limits to everyone.
alter table pools add column member_limits jsonb not null default '[]'
  check (jsonb_typeof(member_limits) = 'array');
