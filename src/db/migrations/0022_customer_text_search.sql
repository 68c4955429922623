-- The customer search (`q`) looks for a fragment anywhere in the name, company, pinyin of the name or
-- the phone numbers: `ilike '%…%'`, which no b-tree can serve, so every search read every customer of
-- the workspace (770 ms at 100,000; `npm run bench -- customer-list`). Trigram indexes (pg_trgm)
-- answer fragments of 3 characters or more. pg_trgm is a trusted extension: the owner of the database
-- may create it; the embedded database loads it from its bundle (db/database.ts).
create extension if not exists pg_trgm;

-- The phone numbers as one text, to search for their last digits. array_to_string is only stable (it
-- formats any element type); for text[] it depends on nothing but its input, so it may be indexed.
create function clm_phones_text(phones text[]) returns text
language sql immutable parallel safe as $$ select array_to_string(phones, ' ') $$;

-- fastupdate off: a GIN index otherwise queues new rows in a pending list that every search reads
-- through, until a vacuum merges it. The embedded database runs no autovacuum, so after an import of
-- 100,000 customers the searches read lists of megabytes (40 ms per index). The e-mail and phone
-- indexes of 0001 are set the same way, and their lists merged now.
create index customers_name_trgm_idx on customers using gin (name gin_trgm_ops) with (fastupdate = off);
create index customers_company_trgm_idx on customers using gin (company gin_trgm_ops)
  with (fastupdate = off);
create index customers_name_pinyin_trgm_idx on customers using gin (name_pinyin gin_trgm_ops)
  with (fastupdate = off);
create index customers_phones_trgm_idx on customers using gin (clm_phones_text(phones) gin_trgm_ops)
  with (fastupdate = off);
alter index customers_emails_idx set (fastupdate = off);
alter index customers_phones_idx set (fastupdate = off);
select gin_clean_pending_list('customers_emails_idx'), gin_clean_pending_list('customers_phones_idx');

-- The search itself, as the owner of the tables. Row-level security lets an index serve only leakproof
-- operators (an index scan would otherwise test rows of other workspaces), and LIKE and @> are not
-- leakproof: as the application role every search read the whole table whatever its indexes. Here
-- the workspace is the caller's (clm_current_workspace, as the policies have it), tested in each
-- branch, and each branch uses its own index. EXECUTE plans with the values at hand: a cached generic
-- plan would not know how rare a fragment is. Null arguments leave their branch out. It bypasses the
-- policies as clm_user_workspaces does (its owner is the migrating superuser); were the owner an
-- ordinary role, the policies would apply inside too: the same rows, without the indexes.
create function clm_customer_matches(
  p_pattern text, p_email text, p_pinyin text, p_phone text, p_digits text, p_limit integer
)
returns setof uuid
language plpgsql stable security definer set search_path = public as $$
begin
  return query execute
    'select id from (
       select id from customers where workspace_id = $1 and deleted_at is null and name ilike $2
       union select id from customers where workspace_id = $1 and deleted_at is null and company ilike $2
       union select id from customers where workspace_id = $1 and deleted_at is null and emails @> array[$3]
       union select id from customers where workspace_id = $1 and deleted_at is null and name_pinyin like $4
       union select id from customers where workspace_id = $1 and deleted_at is null and phones @> array[$5]
       union select id from customers where workspace_id = $1 and deleted_at is null
         and clm_phones_text(phones) like $6
     ) m limit $7'
    using (select clm_current_workspace()), p_pattern, p_email, p_pinyin, p_phone, p_digits, p_limit;
end
$$;
revoke all on function clm_customer_matches(text, text, text, text, text, integer) from public;
grant execute on function clm_customer_matches(text, text, text, text, text, integer) to clm_app;
