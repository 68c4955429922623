-- Ids of imported transactions that grow with the line of the file: the rows of an import go into the
-- primary key's index at its right edge, in the order they are inserted, where random ids touched a
-- page anywhere in the index for each row (a million rows wrote most of the index again, in full-page
-- images). Laid out as a UUID version 7 (RFC 9562): 48 bits of milliseconds of `at`, then 38 bits of
-- the line `n` in place of the random counter, then 36 random bits, so that two imports of the same
-- millisecond cannot make the same id.
create function clm_import_uuid(at timestamptz, n bigint)
returns uuid
language sql volatile parallel safe as $$
  select (lpad(to_hex((extract(epoch from at) * 1000)::bigint), 12, '0')
    || '7' || lpad(to_hex((n >> 26) & 4095), 3, '0')
    || to_hex(8 | ((n >> 24) & 3)) || lpad(to_hex((n >> 12) & 4095), 3, '0')
    || lpad(to_hex(n & 4095), 3, '0') || substr(md5(random()::text), 1, 9))::uuid
$$;
grant execute on function clm_import_uuid(timestamptz, bigint) to clm_app;
