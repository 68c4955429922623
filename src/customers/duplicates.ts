import { sql } from 'kysely';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { Tx } from '../db/tenant.js';
import { badRequest } from '../errors.js';
import { decodeCursor, pageQuery, toPage } from '../http/list.js';
import { type DuplicateGroup, findDuplicateGroups } from './duplicates-groups.js';
import { REASON_ORDER } from './duplicates-score.js';
import { type CustomerRow, customerToJson } from './repository.js';
import { customerJson } from './schema.js';

export const duplicatesQuery = pageQuery.extend({
  /** Pairs scoring below this are not candidates; 0.6 is a shared name, 0.9 a shared phone or e-mail. */
  minScore: z.coerce.number().min(0.1).max(1).default(0.6),
});
export type DuplicatesQuery = z.infer<typeof duplicatesQuery>;

export const duplicateGroupJson = z.object({
  score: z.number(),
  reasons: z.array(z.enum(REASON_ORDER)),
  customers: z.array(customerJson),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeGroupCursor(cursor: string): [number, string] {
  const [score, id] = decodeCursor(cursor);
  if (typeof score !== 'number' || !UUID.test(id))
    throw badRequest('invalid cursor', [
      { path: 'querystring.cursor', message: 'is not a cursor this API returned' },
    ]);
  return [score, id];
}

type RankedGroup = DuplicateGroup & { first: string };

// The groups of the last few workspaces, while their customers are unchanged: paging through the
// groups compares the customers once. Every write to a customer bumps its version or adds a row, which
// changes the fingerprint; the time limit covers writers that bypass both.
const recent = new LRUCache<string, RankedGroup[]>({ max: 8, ttl: 60_000 });

async function rankedGroups(tx: Tx, minScore: number): Promise<RankedGroup[]> {
  const { rows } = await sql<{ workspace: string; fingerprint: string }>`
    select clm_current_workspace() as workspace,
      count(*) || ':' || coalesce(sum(version), 0) || ':' || coalesce(max(updated_at)::text, '') as fingerprint
    from customers`.execute(tx);
  const key = `${rows[0]!.workspace} ${minScore} ${rows[0]!.fingerprint}`;
  const cached = recent.get(key);
  if (cached) return cached;
  const profiles = await tx
    .selectFrom('customers')
    .select(['id', 'kind', 'name', 'company', 'phones', 'emails', 'name_pinyin as namePinyin'])
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const groups = findDuplicateGroups(profiles, minScore)
    .map((group) => ({ ...group, first: [...group.ids].sort()[0]! }))
    .sort((a, b) => b.score - a.score || (a.first < b.first ? -1 : 1));
  recent.set(key, groups);
  return groups;
}

/**
 * One page of candidate groups, best score first (ties by their first customer's id). The comparison
 * reads only the columns it needs, and whole records only for the customers of the page; a merge or
 * an edit shows at once.
 */
export async function listDuplicates(tx: Tx, query: DuplicatesQuery) {
  const after = query.cursor ? decodeGroupCursor(query.cursor) : undefined;
  const groups = await rankedGroups(tx, query.minScore);
  const from = after
    ? groups.findIndex((g) => g.score < after[0] || (g.score === after[0] && g.first > after[1]))
    : 0;
  const page = from < 0 ? [] : groups.slice(from, from + query.limit + 1);

  const ids = page.slice(0, query.limit).flatMap((g) => g.ids);
  const rows = ids.length
    ? await tx.selectFrom('customers').selectAll().where(sql<boolean>`id = any(${ids}::uuid[])`).execute()
    : [];
  const byId = new Map<string, CustomerRow>(rows.map((r) => [r.id, r]));
  return toPage(
    page,
    query.limit,
    (g) => ({
      score: g.score,
      reasons: g.reasons,
      customers: g.ids.map((id) => customerToJson(byId.get(id)!)),
    }),
    (g) => [g.score, g.first],
    query.count ? groups.length : undefined,
  );
}
