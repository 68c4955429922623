-- The line that clm_import_uuid (migration 0048) was given for an id: its bits read back. With the
-- millisecond of the transaction, it tells which lines of a file an import step inserted, from the
-- primary key alone, so that the lines it skipped can be listed as duplicates.
create function clm_import_uuid_line(id uuid)
returns bigint
language sql immutable parallel safe as $$
  select (('x' || substr(h, 14, 3))::bit(12)::bigint << 26)
    | ((('x' || substr(h, 17, 1))::bit(4)::bigint & 3) << 24)
    | (('x' || substr(h, 18, 3))::bit(12)::bigint << 12)
    | ('x' || substr(h, 21, 3))::bit(12)::bigint
  from (select replace(id::text, '-', '') as h) x
$$;
grant execute on function clm_import_uuid_line(uuid) to clm_app;

-- The lowest and highest ids clm_import_uuid can make at the millisecond of `at`.
create function clm_import_uuid_bounds(at timestamptz, out low uuid, out high uuid)
language sql immutable parallel safe as $$
  select (p || '00000000000000000000')::uuid, (p || 'ffffffffffffffffffff')::uuid
  from (select lpad(to_hex((extract(epoch from at) * 1000)::bigint), 12, '0') as p) x
$$;
grant execute on function clm_import_uuid_bounds(timestamptz) to clm_app;
