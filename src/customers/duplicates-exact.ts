import { sql } from 'kysely';
import { inWholeWorkspace, type Tx } from '../db/tenant.js';
import { conflict } from '../errors.js';

/** Normalised identifiers of a customer about to be written: E.164 phones, lower-cased e-mails. */
export interface ExactKeys {
  phone?: string | readonly string[] | null;
  email?: string | readonly string[] | null;
  externalId?: string | null;
}

export interface ExactMatch {
  customerId: string;
  field: 'externalId' | 'phone' | 'email';
  value: string;
}

const list = (v: string | readonly string[] | null | undefined): string[] =>
  v == null ? [] : typeof v === 'string' ? [v] : [...v];

/**
 * Live customers that already carry one of these identifiers, the strongest first (external id, then
 * phone, then e-mail; oldest customer first within a field). Values must already be normalised
 * (`normalisePhone`, `normaliseEmail`), as stored. One indexed query (the GIN indexes on phones and
 * e-mails, the unique index on external ids).
 */
export async function findExactMatches(tx: Tx, keys: ExactKeys): Promise<ExactMatch[]> {
  const phones = list(keys.phone);
  const emails = list(keys.email);
  const externalId = keys.externalId ?? null;
  if (!phones.length && !emails.length && externalId === null) return [];
  const rows = await tx
    .selectFrom('customers')
    .select(['id', 'phones', 'emails', 'external_id'])
    .where('deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        ...(externalId !== null ? [eb('external_id', '=', externalId)] : []),
        ...(phones.length ? [sql<boolean>`phones && ${phones}::text[]`] : []),
        ...(emails.length ? [sql<boolean>`emails && ${emails}::text[]`] : []),
      ]),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const matches: ExactMatch[] = [];
  for (const row of rows)
    if (externalId !== null && row.external_id === externalId)
      matches.push({ customerId: row.id, field: 'externalId', value: externalId });
  for (const row of rows)
    for (const phone of phones)
      if (row.phones.includes(phone)) matches.push({ customerId: row.id, field: 'phone', value: phone });
  for (const row of rows)
    for (const email of emails)
      if (row.emails.includes(email)) matches.push({ customerId: row.id, field: 'email', value: email });
  return matches;
}

const LABELS: Record<ExactMatch['field'], string> = {
  externalId: 'external id',
  phone: 'phone number',
  email: 'e-mail address',
};

/**
 * Refuses (409) a new customer whose phone, e-mail or external id a live customer already has, naming
 * that customer (`existingCustomerId`), who holds it (`existingOwnerId`, or null and `existingPoolId`
 * when it is in a pool), the field (`matchedField`) and every match. It looks at every customer of the
 * workspace, also those outside the caller's scope, and tells no more of them than that: a rep cannot
 * create a second copy of another rep's customer. `allowDuplicate`
 * lets phones and e-mails repeat; an external id never may. Race-free among API creates; writers that
 * skip this check (a bulk import) are not serialised with them.
 */
export async function assertNoExactDuplicate(tx: Tx, keys: ExactKeys, allowDuplicate: boolean) {
  const checked = allowDuplicate ? { externalId: keys.externalId } : keys;
  // Two creates with one phone at the same moment would both find nothing: each takes a lock per
  // value (held to its commit, taken in one order so two creates cannot deadlock), and the second
  // checks once the first has committed.
  const values = [...list(checked.phone), ...list(checked.email), ...list(checked.externalId)].sort();
  if (values.length)
    await sql`select pg_advisory_xact_lock(hashtextextended(clm_current_workspace() || ' ' || v, 0))
      from unnest(${values}::text[]) v order by v`.execute(tx);
  const { matches, holder } = await inWholeWorkspace(tx, async (whole) => {
    const matches = await findExactMatches(whole, checked);
    const holder = matches[0]
      ? await whole
          .selectFrom('customers')
          .select(['owner_id', 'pool_id'])
          .where('id', '=', matches[0].customerId)
          .executeTakeFirst()
      : undefined;
    return { matches, holder };
  });
  const [first] = matches;
  if (!first) return;
  // Pools are not behind the scope: any member may know a pool's id.
  const defaultPool = () =>
    tx.selectFrom('pools').select('id').where('is_default', '=', true).executeTakeFirst();
  const pool = holder?.owner_id ? null : (holder?.pool_id ?? (await defaultPool())?.id ?? null);
  throw conflict(`customer ${first.customerId} already has this ${LABELS[first.field]}`, {
    existingCustomerId: first.customerId,
    existingOwnerId: holder?.owner_id ?? null,
    existingPoolId: pool,
    matchedField: first.field,
    matches,
  });
}
