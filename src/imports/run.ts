import { hostname } from 'node:os';
import type { Readable } from 'node:stream';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type Kysely, sql } from 'kysely';
import { recordAudit } from '../audit/record.js';
import { analyzeStaleTables } from '../db/analyze-stale.js';
import { type CopyStep, copyInWorkspace } from '../db/copy-in.js';
import { giveWay } from '../db/foreground.js';
import { withoutStatementTimeout } from '../db/statement-timeout.js';
import type { Tables } from '../db/tables.js';
import { inWorkspace, type Step, type Tx } from '../db/tenant.js';
import { AppError } from '../errors.js';
import { customersChanged, manyCustomersChanged } from '../scoring/customers-changed.js';
import { heldExternalIds } from '../transactions/external-ids.js';
import { CUSTOMER_REFS, mapColumns, mapNumberedColumns } from './fields.js';
import {
  type MergeCounts,
  mergeActivity,
  mergeStagedCustomers,
  refuseUnknownCustomers,
  STAGING,
} from './merge.js';
import { ByteCounter, type FileFormat, type OpenFile, readRows, type SourceRow, sniff } from './read-file.js';
import { rowConverter, STAGING_COLUMNS, takeRow } from './rows.js';
import { findImport, type ImportOptions, type ImportRow } from './store.js';

/** Rows staged per transaction: each batch is one COPY and one resume point. */
export const BATCH_ROWS = 25_000;
/**
 * How long a runner's claim on an import holds without renewal: the server's worker renews it every
 * few seconds (see worker.ts), so an import whose process died is taken up by another within about
 * this long plus the worker's poll. The merge holds the import's row locked, which keeps other runners
 * away however long it takes.
 */
export const LEASE = '8 seconds';

/**
 * How much the JavaScript heap may grow between two full collections while an import reads its file
 * on the embedded database (see collectGarbage).
 */
const GARBAGE_BOUND = 48 << 20;
let fullCollection: (() => void) | undefined;
let heapAfterCollection = 0;

/**
 * On the embedded database an import's memory is this process's. Reading the file leaves its rows as
 * garbage in V8's old generation, which V8 lets grow to a few times what is alive before collecting it;
 * the merge then runs in PGlite's WebAssembly heap without allocating in JavaScript, so that garbage
 * stayed resident beside the merge's memory, and the two made the import's peak. A full collection
 * once the heap has grown by GARBAGE_BOUND since the last (or at once, `now`) keeps it small. The
 * collector is the one `--expose-gc` gives, taken without exposing it to every script.
 */
function collectGarbage(now = false): void {
  if (!fullCollection) {
    setFlagsFromString('--expose-gc');
    fullCollection = runInNewContext('gc') as () => void;
  }
  if (!now && getHeapStatistics().used_heap_size - heapAfterCollection < GARBAGE_BOUND) return;
  fullCollection();
  heapAfterCollection = getHeapStatistics().used_heap_size;
}

/** This process, as written into an import it runs: another process on the host can tell whether it lives. */
export const thisRunner = () => `${hostname()}:${process.pid}`;

export interface RunOptions {
  open: OpenFile;
  /**
   * Stops between two batches, or two ranges of a merge in ranges (server shutdown); the import stays
   * `running`, to be resumed.
   */
  signal?: AbortSignal;
  /** After each batch staged, and each range of a merge in ranges merged. */
  onProgress?(row: Pick<ImportRow, 'progress' | 'read_rows' | 'rejected_rows'>): void;
  /** Rows per staged batch (default BATCH_ROWS). */
  batchRows?: number;
  /**
   * Rows per transaction of the merge, for a server on the embedded database: its one connection
   * serves every request, so the merge of a transaction or follow-up file is cut into transactions of
   * about this many rows, each committed (an import becomes visible range by range, and resumes from
   * the last range after a restart). Unset: one transaction for the whole merge.
   */
  sliceRows?: number;
  /** The database is the embedded one (PGlite), in this process: its memory is the process's. */
  embedded?: boolean;
}

const ERROR_COLUMNS = [
  'workspace_id',
  'import_id',
  'line',
  'column_name',
  'value',
  'reason',
  'code',
  'bound',
];

const csvField = (value: string | number | null) =>
  value === null ? '' : `"${String(value).replace(/\0/g, '').replace(/"/g, '""')}"`;
const csvLine = (values: (string | number | null)[]) => `${values.map(csvField).join(',')}\n`;

/** Ends an import as failed with its reason; its staged rows go, its report of refused rows stays. */
export async function failImport(
  db: Kysely<Tables>,
  row: Pick<ImportRow, 'workspace_id' | 'id' | 'kind'>,
  message: string,
): Promise<ImportRow> {
  return inWorkspace(db, row.workspace_id, async (tx) => {
    await sql`delete from ${sql.table(STAGING[row.kind])}
      where workspace_id = ${row.workspace_id} and import_id = ${row.id}`.execute(tx);
    await unmark(tx, row.id);
    return tx
      .updateTable('imports')
      .set({
        status: 'failed',
        error: message,
        finished_at: new Date(),
        lease_until: null,
        updated_at: new Date(),
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/**
 * Runs an import to its end, from where it stopped: reads the file (sniffing its type, encoding and
 * delimiter), checks and converts every row, COPYs the good ones into the staging table and the
 * refused ones into import_errors batch by batch (each batch one transaction that also moves the
 * resume point), then merges everything in one transaction. Killed at any point, a new run continues
 * from the last batch and ends with exactly the rows an uninterrupted run would have written.
 * Problems with the file fail the import (nothing changes); other errors are thrown.
 */
export async function runImport(
  db: Kysely<Tables>,
  workspaceId: string,
  importId: string,
  options: RunOptions,
): Promise<ImportRow> {
  let row = await inWorkspace(db, workspaceId, (tx) => findImport(tx, importId));
  if (row.status === 'done' || row.status === 'failed') return row;
  try {
    const staged = await stageFile(db, row, options);
    row = staged.row;
    if (options.signal?.aborted) return row;
    if (options.embedded) collectGarbage(true);
    const merged = await mergeImport(db, row, staged.customerColumn, options);
    if (merged === STOPPED) return findImportIn(db, row);
    await analyzeStaleTables(db, options.sliceRows !== undefined);
    return merged;
  } catch (error) {
    if (error instanceof AppError && error.status < 500) {
      const detail = error.errors.length ? `: ${error.errors.map((e) => e.message).join('; ')}` : '';
      return failImport(db, row, `${error.message}${detail}`);
    }
    throw error;
  }
}

/** The first row, read as data (a file without a header), before the rest. */
async function* withFirst(first: SourceRow, rest: AsyncIterable<SourceRow>): AsyncGenerator<SourceRow> {
  yield first;
  yield* rest;
}

const unmark = (tx: Tx, importId: string) =>
  sql`delete from import_stage_marks where import_id = ${importId}`.execute(tx);

/**
 * The staging tables are not written to the write-ahead log, so a crash of the database empties them,
 * and import_stage_marks with them. An import that had staged rows and lost its mark reads its file
 * again from the start, with its counts and refused rows: rows it had merged already are then
 * duplicates, and nothing is imported twice.
 */
async function restartIfUnstaged(db: Kysely<Tables>, row: ImportRow): Promise<ImportRow> {
  if (Number(row.rows_done) === 0) return row;
  return inWorkspace(db, row.workspace_id, async (tx) => {
    const { rows } = await sql`select 1 from import_stage_marks where import_id = ${row.id}`.execute(tx);
    if (rows.length) return row;
    await tx.deleteFrom('import_errors').where('import_id', '=', row.id).execute();
    return tx
      .updateTable('imports')
      .set({
        rows_done: 0,
        read_rows: 0,
        rejected_rows: 0,
        imported_rows: 0,
        updated_rows: 0,
        duplicate_rows: 0,
        progress: 0,
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

async function stageFile(
  db: Kysely<Tables>,
  resumed: ImportRow,
  options: RunOptions,
): Promise<{ row: ImportRow; customerColumn: string }> {
  const start = await restartIfUnstaged(db, resumed);
  const { workspace_id: ws, id, kind } = start;
  const importOptions = start.options as ImportOptions;
  const workspace = await inWorkspace(db, ws, (tx) =>
    tx.selectFrom('workspaces').select(['phone_region']).where('id', '=', ws).executeTakeFirstOrThrow(),
  );
  const format = (start.format as FileFormat | null) ?? (await sniff(options.open));
  let row = await inWorkspace(db, ws, (tx) =>
    tx
      .updateTable('imports')
      .set({
        status: 'running',
        format: JSON.stringify(format),
        runner: thisRunner(),
        lease_until: sql<Date>`now() + ${LEASE}::interval`,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  );

  const stream: Readable = options.open();
  const counter = new ByteCounter();
  stream.on('error', (e) => counter.destroy(e));
  stream.pipe(counter);
  const hasHeader = importOptions.header !== false;
  const rows = readRows(counter, format);
  const first = await rows.next();
  if (first.done) throw new AppError(400, 'bad-file', 'the file has no rows, not even a header');
  const header: SourceRow = first.value;
  if (header.error)
    throw new AppError(
      400,
      'bad-file',
      `the ${hasHeader ? 'header' : 'first'} row cannot be read: ${header.error.reason}`,
    );
  const width = header.cells.length;
  const mapping = hasHeader
    ? mapColumns(kind, header.cells, importOptions.mapping)
    : mapNumberedColumns(kind, width, importOptions.mapping);
  const convert = rowConverter(kind, mapping, workspace.phone_region);
  const customerColumn =
    mapping.columns.find((c) => CUSTOMER_REFS.includes(c.field))?.header ?? CUSTOMER_REFS[0];

  const done = Number(row.rows_done);
  // A transaction whose order id the workspace holds already is a duplicate whatever the rest of its
  // row says (its customer is neither looked up nor created): it is counted so and not staged, so a
  // file imported before costs one index probe per row instead of its staging and merge. A dry run,
  // and an import that refuses unknown customers (which would refuse such a row), stage every row.
  const orderColumn =
    kind === 'transactions' && !importOptions.dryRun && importOptions.createCustomers !== false
      ? STAGING_COLUMNS.transactions.indexOf('external_id')
      : -1;
  let index = 0;
  let staged: StagedRow[] = [];
  let errors: string[] = [];
  let rejected = 0;
  const stagingColumns = ['workspace_id', 'import_id', 'line', ...STAGING_COLUMNS[kind]];
  // One batch is written while the next is read: the file's parsing and the database overlap.
  let writing: Promise<void> = Promise.resolve();
  const write = async (batch: { staged: StagedRow[]; errors: string[]; rejected: number; index: number }) => {
    const progress = start.file_size ? Math.min(counter.bytes / start.file_size, 1) : 0;
    const held = await dropHeldOrders(db, ws, batch, orderColumn);
    const duplicates = held.length;
    const steps: CopyStep[] = [];
    // Written out only now: a file imported before has nearly every row left out above.
    if (batch.staged.length)
      steps.push({
        table: STAGING[kind],
        columns: stagingColumns,
        csv: batch.staged.map((r) => csvLine([ws, id, r.line, ...r.values])).join(''),
      });
    if (batch.errors.length)
      steps.push({ table: 'import_errors', columns: ERROR_COLUMNS, csv: batch.errors.join('') });
    // Listed on the report like the duplicates the merge finds; a crash re-reads the file, and finds them again.
    if (held.length)
      steps.push({
        sql: `insert into import_row_matches (workspace_id, import_id, line, customer_id, outcome, matched_by)
          select '${ws}', '${id}', u.line, u.customer_id, 'duplicate', 'externalId'
          from unnest('{${held.map((h) => h.line).join(',')}}'::bigint[],
            '{${held.map((h) => h.customerId).join(',')}}'::uuid[]) as u(line, customer_id)
          on conflict do nothing`,
      });
    steps.push({ sql: `insert into import_stage_marks values ('${ws}', '${id}') on conflict do nothing` });
    steps.push({
      sql: `update imports set rows_done = ${batch.index}, read_rows = ${batch.index},
        rejected_rows = rejected_rows + ${batch.rejected}, duplicate_rows = duplicate_rows + ${duplicates},
        progress = ${progress.toFixed(4)},
        lease_until = now() + interval '${LEASE}', updated_at = now()
        where workspace_id = '${ws}' and id = '${id}'`,
    });
    await giveWay(db);
    await copyInWorkspace(db, ws, steps);
    if (options.embedded) collectGarbage();
    row = {
      ...row,
      rows_done: batch.index,
      read_rows: batch.index,
      progress,
      rejected_rows: Number(row.rejected_rows) + batch.rejected,
      duplicate_rows: Number(row.duplicate_rows) + duplicates,
    };
    options.onProgress?.(row);
  };
  const flush = async () => {
    const batch = { staged, errors, rejected, index };
    staged = [];
    errors = [];
    rejected = 0;
    await writing;
    // Stopped: this batch is read again on resume.
    if (options.signal?.aborted) return;
    writing = write(batch);
    // Its failure surfaces at the next flush; until then it must not count as unhandled.
    writing.catch(() => undefined);
  };
  for await (const source of hasHeader ? rows : withFirst(header, rows)) {
    if (!source.error && source.cells.every((c) => !c.trim())) continue;
    index++;
    if (index <= done) continue;
    const taken = takeRow(source, width, format, convert);
    if ('errors' in taken) {
      rejected++;
      for (const e of taken.errors)
        errors.push(csvLine([ws, id, source.line, e.column, e.value, e.reason, e.code, e.limit ?? null]));
    } else staged.push({ line: source.line, values: taken.values });
    if (staged.length + errors.length >= (options.batchRows ?? BATCH_ROWS)) {
      await flush();
      if (options.signal?.aborted) {
        await writing;
        return { row, customerColumn };
      }
    }
  }
  await flush();
  await writing;
  return { row: { ...row, progress: 1 }, customerColumn };
}

/** A row of the file read and converted, waiting for its batch to be staged. */
interface StagedRow {
  line: number;
  values: (string | null)[];
}

/**
 * Leaves out of a batch's rows those whose order id (the value at `orderColumn`; none when -1) the
 * workspace's transactions hold already, and answers their lines with the customer of the transaction
 * each matched.
 */
async function dropHeldOrders(
  db: Kysely<Tables>,
  workspaceId: string,
  batch: { staged: StagedRow[] },
  orderColumn: number,
): Promise<{ line: number; customerId: string }[]> {
  if (orderColumn < 0) return [];
  const wanted = batch.staged.flatMap((r) => r.values[orderColumn] ?? []);
  if (!wanted.length) return [];
  const held = await inWorkspace(db, workspaceId, (tx) => heldExternalIds(tx, workspaceId, wanted));
  if (!held.size) return [];
  const dropped: { line: number; customerId: string }[] = [];
  batch.staged = batch.staged.filter(({ line, values }) => {
    const order = values[orderColumn];
    const customerId = order === null ? undefined : held.get(order);
    if (customerId) dropped.push({ line, customerId });
    return !customerId;
  });
  return dropped;
}

/** A merge in ranges stopped between two ranges (server shutdown): resumed by the next run. */
const STOPPED = Symbol('stopped');

const findImportIn = (db: Kysely<Tables>, row: ImportRow) =>
  inWorkspace(db, row.workspace_id, (tx) => findImport(tx, row.id));

async function mergeImport(
  db: Kysely<Tables>,
  row: ImportRow,
  customerColumn: string,
  { sliceRows, signal, onProgress, embedded }: RunOptions,
): Promise<ImportRow | typeof STOPPED> {
  const { workspace_id: ws, id, kind } = row;
  const importOptions = row.options as ImportOptions;
  const read = Number(row.read_rows);
  if (read === 0) throw new AppError(400, 'bad-file', 'the file has a header but no data rows');
  if (read === Number(row.rejected_rows))
    throw new AppError(400, 'bad-file', 'no row of the file can be imported: see the rejected rows');
  const context = {
    workspaceId: ws,
    importId: id,
    kind,
    createCustomers: importOptions.createCustomers !== false,
    ownerId: (importOptions as { ownerId?: string | null }).ownerId ?? null,
    userId: row.user_id,
    customerColumn,
    embedded,
  };
  // A customer file, and a dry run, merge in one transaction.
  if (sliceRows !== undefined && kind !== 'customers' && !importOptions.dryRun) {
    const step: Step = async (work) => {
      await giveWay(db);
      if (signal?.aborted) throw STOPPED;
      return inWorkspace(db, ws, work);
    };
    try {
      await mergeActivity(step, context, sliceRows, () => onProgress?.(row));
      await manyCustomersChanged(step, ws, Math.max(1, Math.floor(sliceRows / 10)));
      return await step((tx) => finishImport(tx, row, null));
    } catch (error) {
      if (error === STOPPED) return STOPPED;
      throw error;
    }
  }
  return inWorkspace(db, ws, async (tx) => {
    // One statement merges the whole file, however large.
    await withoutStatementTimeout(tx);
    await tx
      .updateTable('imports')
      .set({ lease_until: sql<Date>`now() + ${LEASE}::interval` })
      .where('id', '=', id)
      .execute();
    const whole: Step = (work) => work(tx);
    const merge = () =>
      kind === 'customers'
        ? mergeStagedCustomers(tx, context)
        : mergeActivity(whole, context, Number.POSITIVE_INFINITY);
    if (importOptions.dryRun) {
      await sql`savepoint dry_run`.execute(tx);
      const counts = await merge();
      await sql`rollback to savepoint dry_run`.execute(tx);
      if (kind !== 'customers' && !context.createCustomers) await refuseUnknownCustomers(tx, context);
      await sql`delete from ${sql.table(STAGING[kind])}
          where workspace_id = ${ws} and import_id = ${id}`.execute(tx);
      return finishImport(tx, row, counts);
    }
    const counts = await merge();
    // The imported customers are placed at once, like those of API writes.
    await customersChanged(tx, ws);
    // A transaction or follow-up file's counts went into the import with each range of rows.
    return finishImport(tx, row, kind === 'customers' ? counts : null);
  });
}

/** Marks the import done with its counts (null: counted into the import already) and audits it. */
async function finishImport(tx: Tx, row: ImportRow, counts: MergeCounts | null): Promise<ImportRow> {
  const { id, kind } = row;
  const dryRun = (row.options as ImportOptions).dryRun;
  await unmark(tx, id);
  const done = await tx
    .updateTable('imports')
    .set((eb) => ({
      status: 'done',
      progress: 1,
      ...(counts && {
        imported_rows: counts.imported,
        updated_rows: counts.updated,
        duplicate_rows: counts.duplicates,
        rejected_rows: eb('rejected_rows', '+', counts.rejected),
      }),
      finished_at: new Date(),
      updated_at: new Date(),
      lease_until: null,
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (!dryRun) {
    const merged = {
      imported: Number(done.imported_rows),
      updated: Number(done.updated_rows),
      duplicates: Number(done.duplicate_rows),
      rejected: Number(done.rejected_rows),
    };
    await recordAudit(
      tx,
      { workspaceId: row.workspace_id, userId: row.user_id },
      { action: 'import', entity: 'import', entityId: id, after: { kind, file: row.file_name, ...merged } },
    );
  }
  return done;
}
