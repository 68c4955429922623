import { Readable } from 'node:stream';
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import { giveWay } from '../db/foreground.js';
import type { ImportStatus, ImportsTable, Tables } from '../db/tables.js';
import { inWorkspace, type Tx } from '../db/tenant.js';
import { notFound } from '../errors.js';
import {
  decodeNumberCursor,
  decodeNumberTextCursor,
  decodeTimeCursor,
  pageQuery,
  toPage,
} from '../http/list.js';
import type { ImportKind } from './fields.js';

export type ImportRow = Selectable<ImportsTable>;

export interface ImportOptions {
  mapping?: Record<string, string | null>;
  createCustomers?: boolean;
  dryRun?: boolean;
  /** False when the file's first row is data: its columns are then named 1, 2, … */
  header?: boolean;
}

export interface ImportJson {
  id: string;
  kind: ImportKind;
  status: ImportRow['status'];
  fileName: string;
  /** Share of the file read, 0 to 1. */
  progress: number;
  counts: { read: number; imported: number; updated: number; duplicates: number; rejected: number };
  dryRun: boolean;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export function importToJson(row: ImportRow): ImportJson {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    fileName: row.file_name,
    progress: Number(row.progress),
    counts: {
      read: Number(row.read_rows),
      imported: Number(row.imported_rows),
      updated: Number(row.updated_rows),
      duplicates: Number(row.duplicate_rows),
      rejected: Number(row.rejected_rows),
    },
    dryRun: (row.options as ImportOptions).dryRun === true,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

export async function findImport(tx: Tx, id: string): Promise<ImportRow> {
  const row = await tx.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('import');
  return row;
}

export interface ImportListQuery {
  limit: number;
  cursor?: string;
  kind?: ImportKind;
  status?: ImportStatus;
}

/** The workspace's imports, newest first, a page at a time. */
export async function listImports(tx: Tx, query: ImportListQuery) {
  let select = tx.selectFrom('imports').selectAll();
  if (query.kind) select = select.where('kind', '=', query.kind);
  if (query.status) select = select.where('status', '=', query.status);
  if (query.cursor) {
    const [at, id] = decodeTimeCursor(query.cursor);
    select = select.where((eb) =>
      eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]),
    );
  }
  const rows = await select
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  return toPage(rows, query.limit, importToJson, (row) => [row.created_at.toISOString(), row.id]);
}

export const importMatchQuery = pageQuery.omit({ count: true });
export type ImportMatchQuery = z.infer<typeof importMatchQuery>;

/**
 * The lines of an import that matched an existing customer, or a purchase or follow-up the workspace
 * held, or repeated an earlier line, in line order, each with its customer as far as the reader may see
 * it (the customers' row-level policy hides the others: then `customer` is null).
 */
export async function listImportMatches(tx: Tx, importId: string, query: ImportMatchQuery) {
  await findImport(tx, importId);
  let select = tx
    .selectFrom('import_row_matches as m')
    .leftJoin('customers as c', (j) =>
      j.onRef('c.workspace_id', '=', 'm.workspace_id').onRef('c.id', '=', 'm.customer_id'),
    )
    .select(['m.line', 'm.outcome', 'm.matched_by', 'm.earlier_line', 'c.id as customer_id', 'c.name'])
    .where('m.import_id', '=', importId);
  if (query.cursor) {
    select = select.where('m.line', '>', decodeNumberCursor(query.cursor));
  }
  const rows = await select
    .orderBy('m.line')
    .limit(query.limit + 1)
    .execute();
  return toPage(
    rows,
    query.limit,
    (r) => ({
      line: Number(r.line),
      outcome: r.outcome,
      matchedBy: r.matched_by,
      earlierLine: r.earlier_line === null ? null : Number(r.earlier_line),
      customer: r.customer_id && r.name !== null ? { id: r.customer_id, name: r.name } : null,
    }),
    (r) => [Number(r.line), importId],
  );
}

/** The refused lines of an import, in line order, a line's columns in name order. */
export async function listImportErrors(tx: Tx, importId: string, query: ImportMatchQuery) {
  await findImport(tx, importId);
  let select = tx
    .selectFrom('import_errors')
    .select(['line', 'column_name', 'value', 'reason', 'code', 'bound'])
    .where('import_id', '=', importId);
  if (query.cursor) {
    const [line, column] = decodeNumberTextCursor(query.cursor);
    select = select.where((eb) =>
      eb.or([eb('line', '>', line), eb.and([eb('line', '=', line), eb('column_name', '>', column)])]),
    );
  }
  const rows = await select
    .orderBy('line')
    .orderBy('column_name')
    .limit(query.limit + 1)
    .execute();
  return toPage(
    rows,
    query.limit,
    (r) => ({
      line: Number(r.line),
      column: r.column_name,
      value: r.value,
      reason: r.reason,
      // Lines refused before codes were kept: no text of their own, the reason is read as it is.
      code: r.code ?? 'invalid',
      ...(r.bound === null ? {} : { limit: r.bound }),
    }),
    (r) => [Number(r.line), r.column_name],
  );
}

export interface NewImport {
  kind: ImportKind;
  fileName: string;
  source: 'upload' | 'path';
  path?: string;
  fileSize: number;
  options: ImportOptions & { ownerId?: string | null };
  userId: string | null;
  /** The file is still being uploaded: the import reads as failed until it is stored whole, so that no
   * runner takes part of a file, and an upload that breaks off leaves a failed import behind. */
  uploading?: boolean;
}

export function createImport(tx: Tx, workspaceId: string, input: NewImport): Promise<ImportRow> {
  return tx
    .insertInto('imports')
    .values({
      workspace_id: workspaceId,
      kind: input.kind,
      file_name: input.fileName,
      source: input.source,
      path: input.path ?? null,
      file_size: input.fileSize,
      options: JSON.stringify(input.options),
      user_id: input.userId,
      format: null,
      ...(input.uploading
        ? { status: 'failed' as const, error: 'the upload did not complete' }
        : { error: null }),
      runner: null,
      lease_until: null,
      finished_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Chunk size of an uploaded file in the database: large enough to be few, small enough that writing or
 * reading one holds the embedded database's one connection for a short while only.
 */
export const CHUNK_BYTES = 256 * 1024;

/** An uploaded file, read back chunk by chunk (one query per chunk, so memory stays flat). */
export function uploadedFile(db: Kysely<Tables>, workspaceId: string, id: string) {
  return () => {
    let seq = 0;
    return new Readable({
      async read() {
        try {
          await giveWay(db);
          const chunk = await inWorkspace(db, workspaceId, (tx) =>
            tx
              .selectFrom('import_file_chunks')
              .select('data')
              .where('import_id', '=', id)
              .where('seq', '=', seq)
              .executeTakeFirst(),
          );
          seq++;
          this.push(chunk ? Buffer.from(chunk.data) : null);
        } catch (error) {
          this.destroy(error as Error);
        }
      },
    });
  };
}
