import { createReadStream, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Kysely } from 'kysely';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import type { Tables } from '../../db/tables.js';
import { inWorkspace } from '../../db/tenant.js';
import { AppError, UsageError } from '../../errors.js';
import { checkMapping, type ImportKind, importKinds, parseMapArguments } from '../../imports/fields.js';
import { runImport, thisRunner } from '../../imports/run.js';
import { createImport, findImport, type ImportRow, importToJson } from '../../imports/store.js';
import { memberWorkspaceIds } from '../../transactions/rebuild-stats.js';
import type { Command } from '../main.js';
import { parseCommandArgs } from '../parse-args.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USAGE =
  'usage: clm import customers|transactions|interactions FILE [--workspace ID] [--map COLUMN=FIELD …|--mapping FILE.json] [--no-header] [--dry-run] [--resume ID] [--no-create-customers]';
/**
 * The embedded database's buffer pool during an import, instead of PGlite's 128MB: the staged rows and
 * indexes an import writes filled it, and the memory it took is never given back (see docs/import.md).
 */
const IMPORT_SHARED_BUFFERS = '32MB';
/** Rejected rows shown on the terminal; all of them are in the import's errors.csv. */
const SHOWN_ERRORS = 20;

export const command: Command = {
  summary: 'import customers, transactions or follow-ups from a CSV, TSV, text or XLSX file',
  usage: `Usage: clm import customers|transactions|interactions FILE [options]

Reads a CSV or TSV file (delimiter, quotes and encoding — UTF-8, GBK/GB18030, UTF-16 — are detected), a
text file whose columns are separated by runs of blanks, or the first sheet of an XLSX workbook, maps its
columns to fields by their headers (English and Chinese names are recognised), checks and normalises
every row and imports the good ones. Each refused row is listed with its line, column, value and reason.
Importing a file again adds nothing; an interrupted import continues where it stopped when run again
(or with --resume).

Options:
  --workspace ID           the workspace to import into (needed when there are several)
  --map COLUMN=FIELD       map a column to a field, e.g. --map 手机=customerPhone (repeatable;
                           an empty FIELD ignores the column)
  --mapping FILE.json      the same as a JSON object {"COLUMN": "FIELD", …}
  --no-header              the first row is data, not headers: the columns are named 1, 2, … and
                           must be mapped, e.g. --map 1=customerExternalId --map 3=occurredAt
  --dry-run                check and count everything, change nothing
  --resume ID              continue the interrupted import ID
  --create-customers       create the customers a transaction or follow-up names that are not in CLM
                           yet (the default)
  --no-create-customers    refuse those rows instead

Database: DATABASE_URL, or the embedded one in CLM_DATA_DIR (which a running server holds: stop it,
or upload the file to the server with POST /api/v1/imports). See docs/import.md for the fields.`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        workspace: { type: 'string' },
        map: { type: 'string', multiple: true },
        mapping: { type: 'string' },
        'no-header': { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        resume: { type: 'string' },
        'create-customers': { type: 'boolean' },
        'no-create-customers': { type: 'boolean' },
      },
      true,
    );
    const [kind, file, ...extra] = positionals;
    if (!kind || !file || extra.length) throw new UsageError(USAGE);
    if (!importKinds.includes(kind as ImportKind))
      throw new UsageError(`cannot import '${kind}': choose customers, transactions or interactions`);
    if (values.workspace !== undefined && !UUID.test(values.workspace))
      throw new UsageError(`--workspace must be a workspace id, not '${values.workspace}'`);
    if (values.resume !== undefined && !UUID.test(values.resume))
      throw new UsageError(`--resume must be an import id, not '${values.resume}'`);
    if (values.map && values.mapping) throw new UsageError('use either --map or --mapping, not both');
    if (values['create-customers'] && values['no-create-customers'])
      throw new UsageError('--create-customers and --no-create-customers contradict each other');
    const path = resolve(file);
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      throw new UsageError(`cannot read ${file}`);
    }
    const mapping = readMapping(kind as ImportKind, values.map, values.mapping);

    const config = loadConfig();
    // On the embedded database, the import's memory is this process's: the file's rows go through
    // a small buffer pool, and the merge sorts in small pieces (RunOptions.embedded).
    const database = await openDatabase({
      url: config.databaseUrl,
      dataDir: config.dataDir,
      existing: true,
      sharedBuffers: IMPORT_SHARED_BUFFERS,
    });
    const abort = new AbortController();
    const stop = () => abort.abort();
    process.once('SIGINT', stop);
    try {
      const { db } = database;
      const workspaceId = values.workspace ?? (await onlyWorkspace(db));
      const options = {
        mapping,
        createCustomers: !values['no-create-customers'],
        dryRun: values['dry-run'] === true,
        header: values['no-header'] !== true,
      };
      const start = values.resume
        ? await resumable(db, workspaceId, values.resume, kind as ImportKind)
        : ((await unfinished(db, workspaceId, kind as ImportKind, path, size, options)) ??
          (await inWorkspace(db, workspaceId, (tx) =>
            createImport(tx, workspaceId, {
              kind: kind as ImportKind,
              fileName: basename(path),
              source: 'path',
              path,
              fileSize: size,
              options,
              userId: null,
            }),
          )));
      if (start.rows_done > 0 || start.status === 'running')
        console.error(`resuming import ${start.id} after ${start.rows_done} row(s)`);
      const showProgress = process.stderr.isTTY;
      const row = await runImport(db, workspaceId, start.id, {
        open: () => createReadStream(start.path ?? path),
        signal: abort.signal,
        batchRows: config.importBatchRows,
        embedded: database.kind === 'pglite',
        onProgress: (p) => {
          const line = `${(Number(p.progress) * 100).toFixed(0)}% · ${p.read_rows} row(s) read`;
          process.stderr.write(showProgress ? `\r${line}` : `${line}\n`);
        },
      });
      if (showProgress) process.stderr.write('\n');
      return await report(db, row);
    } finally {
      process.off('SIGINT', stop);
      await database.close();
    }
  },
};

function readMapping(kind: ImportKind, pairs: string[] | undefined, file: string | undefined) {
  try {
    let mapping: Record<string, string | null> | undefined;
    if (pairs) mapping = parseMapArguments(pairs);
    if (file) {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new UsageError(`${file} must hold a JSON object {"column": "field", …}`);
      mapping = parsed as Record<string, string | null>;
    }
    if (mapping) checkMapping(kind, mapping);
    return mapping;
  } catch (error) {
    if (error instanceof AppError)
      throw new UsageError([error.message, ...error.errors.map((e) => e.message)].join(': '));
    if (error instanceof SyntaxError) throw new UsageError(`${file} is not valid JSON: ${error.message}`);
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${file}`);
  }
}

async function onlyWorkspace(db: Kysely<Tables>): Promise<string> {
  const ids = await memberWorkspaceIds(db);
  if (ids.length === 1) return ids[0];
  if (!ids.length) throw new UsageError('there is no workspace yet: start the server once, or run clm demo');
  throw new UsageError(`there are ${ids.length} workspaces: name one with --workspace (${ids.join(', ')})`);
}

/** Whether the process named in an import's runner is gone (same host), or its claim lapsed. */
function abandoned(row: ImportRow): boolean {
  if (row.status !== 'running') return true;
  if (row.lease_until && row.lease_until < new Date()) return true;
  const [host, pid] = (row.runner ?? '').split(':');
  if (host !== thisRunner().split(':')[0]) return false;
  try {
    process.kill(Number(pid), 0);
    return Number(pid) === process.pid;
  } catch {
    return true;
  }
}

async function resumable(db: Kysely<Tables>, workspaceId: string, id: string, kind: ImportKind) {
  const row = await inWorkspace(db, workspaceId, (tx) => findImport(tx, id));
  if (row.kind !== kind) throw new UsageError(`import ${id} is an import of ${row.kind}, not ${kind}`);
  if (row.source !== 'path')
    throw new UsageError(`import ${id} was uploaded to the server, which runs it; it cannot be resumed here`);
  if (!abandoned(row)) throw new UsageError(`import ${id} is being run by process ${row.runner}`);
  return row;
}

/** An unfinished import of the same file with the same choices, whose process is gone: re-running resumes it. */
async function unfinished(
  db: Kysely<Tables>,
  workspaceId: string,
  kind: ImportKind,
  path: string,
  size: number,
  options: object,
) {
  const rows = await inWorkspace(db, workspaceId, (tx) =>
    tx
      .selectFrom('imports')
      .selectAll()
      .where('source', '=', 'path')
      .where('path', '=', path)
      .where('kind', '=', kind)
      .where('file_size', '=', size)
      .where('status', 'in', ['queued', 'running'])
      .orderBy('created_at', 'desc')
      .execute(),
  );
  const wanted = JSON.parse(JSON.stringify(options));
  return rows.find((r) => isDeepStrictEqual(r.options, wanted) && abandoned(r));
}

async function report(db: Kysely<Tables>, row: ImportRow): Promise<number> {
  const json = importToJson(row);
  const { read, imported, updated, duplicates, rejected } = json.counts;
  if (row.status === 'running') {
    console.error(`stopped; continue with: clm import ${row.kind} ${row.path} --resume ${row.id}`);
    return 1;
  }
  const errors = await inWorkspace(db, row.workspace_id, (tx) =>
    tx
      .selectFrom('import_errors')
      .select(['line', 'column_name', 'value', 'reason'])
      .where('import_id', '=', row.id)
      .orderBy('line')
      .limit(SHOWN_ERRORS + 1)
      .execute(),
  );
  for (const e of errors.slice(0, SHOWN_ERRORS)) {
    const column = e.column_name ? `, column ${e.column_name}` : '';
    const value = e.value ? ` '${e.value}'` : '';
    console.error(`line ${e.line}${column}:${value} ${e.reason}`);
  }
  if (errors.length > SHOWN_ERRORS)
    console.error(`… all refused rows: GET /api/v1/imports/${row.id}/errors.csv`);
  if (row.status === 'failed') {
    console.error(`clm: import ${row.id} failed: ${row.error}`);
    return 1;
  }
  const what = json.dryRun ? 'dry run (nothing changed)' : 'done';
  console.log(
    `import ${row.id}: ${what}: read ${read}, imported ${imported}, updated ${updated}, duplicates ${duplicates}, rejected ${rejected}`,
  );
  return 0;
}
