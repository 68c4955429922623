import { sql } from 'kysely';
import { z } from 'zod';
import type { Tx } from '../db/tenant.js';
import type { MergedFields } from './merge-fields.js';
import type { Actor } from './service.js';

/**
 * How long a merge can be undone. A month covers the usual way a wrong merge comes to light (the
 * customer calls, a rep misses a history, the month's report looks odd); after it, the survivor has
 * usually been worked on as one customer and taking it apart would undo real work.
 */
export const MERGE_UNDO_DAYS = 30;

/** The rows a merge moved, each with the source it came from. */
export interface MovedRows {
  transactions: Record<string, string>;
  interactions: Record<string, string>;
  /** Absent from the records of merges made before contracts were. */
  contracts?: Record<string, string>;
  /** Absent from the records of merges made before tasks, tickets and surveys moved. */
  tasks?: Record<string, string>;
  tickets?: Record<string, string>;
  surveys?: Record<string, string>;
  contacts: Record<string, { from: string; primary: boolean }>;
}

export interface MergeRecord {
  survivorId: string;
  sourceIds: string[];
  /** The survivor's merged fields before and after the merge. */
  before: MergedFields;
  after: MergedFields;
  rows: MovedRows;
  /** Ids merged into a source earlier, which the merge re-pointed to the survivor. */
  aliases: { aliasId: string; sourceId: string }[];
}

/** Stores what a merge did, so that merge-undo.ts can take it back; answers the merge's id. */
export async function recordMerge(tx: Tx, actor: Actor, record: MergeRecord, now: Date): Promise<string> {
  const aliases: Record<string, string[]> = {};
  for (const { aliasId, sourceId } of record.aliases)
    aliases[sourceId] = [...(aliases[sourceId] ?? []), aliasId];
  const row = await tx
    .insertInto('customer_merges')
    .values({
      workspace_id: actor.workspaceId,
      survivor_id: record.survivorId,
      source_ids: record.sourceIds,
      survivor_before: JSON.stringify(record.before),
      survivor_after: JSON.stringify(record.after),
      moved: JSON.stringify(record.rows),
      aliases: JSON.stringify(aliases),
      merged_by: actor.userId,
      merged_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const mergeListQuery = z.object({
  /** Only the merges into this customer. */
  customerId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const mergeJson = z.object({
  id: z.uuid(),
  survivor: z.object({ id: z.uuid(), name: z.string() }),
  sources: z.array(z.object({ id: z.uuid(), name: z.string() })),
  moved: z.object({
    transactions: z.number().int(),
    interactions: z.number().int(),
    contracts: z.number().int(),
    tasks: z.number().int(),
    tickets: z.number().int(),
    contacts: z.number().int(),
  }),
  mergedAt: z.string(),
  mergedBy: z.uuid().nullable(),
  /** Until when it can be undone. */
  undoUntil: z.string(),
});
export const mergeListJson = z.object({ data: z.array(mergeJson) });

interface ListRow {
  id: string;
  survivor_id: string;
  survivor_name: string;
  sources: { id: string; name: string }[];
  moved: {
    transactions: number;
    interactions: number;
    contracts: number;
    tasks: number;
    tickets: number;
    contacts: number;
  };
  merged_at: Date;
  merged_by: string | null;
}

/** The merges that can still be undone, newest first: within the window, not undone, survivor live. */
export async function listUndoableMerges(
  tx: Tx,
  query: z.infer<typeof mergeListQuery>,
  now: Date,
): Promise<z.infer<typeof mergeListJson>> {
  const since = new Date(now.getTime() - MERGE_UNDO_DAYS * 86_400_000);
  const { rows } = await sql<ListRow>`
    select m.id, m.survivor_id, s.name as survivor_name, m.merged_at, m.merged_by,
      (select jsonb_object_agg(k.kind, (select count(*) from jsonb_object_keys(coalesce(m.moved -> k.kind, '{}'))))
        from unnest(array['transactions', 'interactions', 'contracts', 'tasks', 'tickets', 'contacts']) k (kind))
        as moved,
      (select coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'name', c.name) order by k.i), '[]'::jsonb)
        from unnest(m.source_ids) with ordinality k (id, i) join customers c on c.id = k.id) as sources
    from customer_merges m join customers s on s.id = m.survivor_id and s.deleted_at is null
    where m.undone_at is null and m.merged_at > ${since}
      ${query.customerId ? sql`and m.survivor_id = ${query.customerId}` : sql``}
    order by m.merged_at desc, m.id
    limit ${query.limit}`.execute(tx);
  return {
    data: rows.map((r) => ({
      id: r.id,
      survivor: { id: r.survivor_id, name: r.survivor_name },
      sources: r.sources,
      moved: r.moved,
      mergedAt: new Date(r.merged_at).toISOString(),
      mergedBy: r.merged_by,
      undoUntil: new Date(new Date(r.merged_at).getTime() + MERGE_UNDO_DAYS * 86_400_000).toISOString(),
    })),
  };
}
