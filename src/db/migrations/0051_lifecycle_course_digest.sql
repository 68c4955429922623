-- What a refresh compares a replayed course with before it reads the stored one: how many history entries
-- the course has and a digest of them, written with them. The history is read only when these do not
-- match the replay (data of the past changed, settings changed) or are unknown (null: the history was
-- written elsewhere, as by a manual stage). A million customers' history no longer travels each night.
alter table customer_lifecycle add column history_count integer, add column history_digest text;
