import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import { inWorkspace } from '../../db/tenant.js';
import { notFound, UsageError } from '../../errors.js';
import { customerColumns, transactionColumns } from '../../exports/columns.js';
import {
  customerExportQuery,
  customerPages,
  transactionExportQuery,
  transactionPages,
} from '../../exports/pages.js';
import { type ExportFormat, writeCsv, writeXlsx } from '../../exports/write.js';
import { memberWorkspaceIds } from '../../transactions/rebuild-stats.js';
import type { Command } from '../main.js';
import { parseCommandArgs } from '../parse-args.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USAGE =
  'usage: clm export customers|transactions [--format csv|xlsx] [--workspace ID] [--output FILE] [--filter KEY=VALUE …]';

export const command: Command = {
  summary: 'export customers or transactions as CSV or XLSX',
  usage: `Usage: clm export customers|transactions [--format csv|xlsx] [--workspace ID] [--output FILE]
                  [--filter KEY=VALUE …]

Writes every customer or transaction of a workspace to FILE (default: standard output), as CSV in
UTF-8 with a byte order mark (default) or as XLSX. --filter takes the list endpoint's query
parameters (customers: q, tag, ownerId, type, kind, region, industry, source, stage, segment, abc,
sort; transactions: customerId, businessLineId, from, to, sort). --workspace may be left out when
the database has one workspace. Cells that a spreadsheet would run as a formula are quoted.
Database: DATABASE_URL, or the embedded one in CLM_DATA_DIR (not while a server uses it).`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        format: { type: 'string', default: 'csv' },
        workspace: { type: 'string' },
        output: { type: 'string' },
        filter: { type: 'string', multiple: true, default: [] },
      },
      true,
    );
    const [kind] = positionals;
    if (positionals.length !== 1 || (kind !== 'customers' && kind !== 'transactions'))
      throw new UsageError(USAGE);
    const format = values.format;
    if (format !== 'csv' && format !== 'xlsx')
      throw new UsageError(`--format must be csv or xlsx, not '${format}'`);
    if (values.workspace !== undefined && !UUID.test(values.workspace))
      throw new UsageError(`--workspace must be a workspace id, not '${values.workspace}'`);
    if (format === 'xlsx' && !values.output && process.stdout.isTTY)
      throw new UsageError('an XLSX file is binary: name it with --output FILE');
    const filters = parseFilters(kind, values.filter);

    const config = loadConfig();
    const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, existing: true });
    try {
      const workspaceId = values.workspace ?? (await onlyWorkspace(database.db));
      const workspace = await inWorkspace(database.db, workspaceId, (tx) =>
        tx.selectFrom('workspaces').select('phone_region').where('id', '=', workspaceId).executeTakeFirst(),
      );
      if (!workspace) throw notFound('workspace');
      const write = (out: Writable) =>
        kind === 'customers'
          ? writeFile(
              format,
              customerPages(
                database.db,
                workspaceId,
                customerExportQuery.parse(filters),
                workspace.phone_region,
              ),
              customerColumns,
              out,
              kind,
            )
          : writeFile(
              format,
              transactionPages(database.db, workspaceId, transactionExportQuery.parse(filters)),
              transactionColumns,
              out,
              kind,
            );
      if (!values.output) await write(process.stdout);
      else {
        // Written beside the target and renamed when complete: a failed export leaves no half file.
        const partial = `${values.output}.partial`;
        try {
          await write(createWriteStream(partial));
          await rename(partial, values.output);
        } catch (error) {
          await rm(partial, { force: true });
          throw error;
        }
      }
    } finally {
      await database.close();
    }
    return 0;
  },
};

function writeFile<R>(
  format: ExportFormat,
  pages: AsyncIterable<R[]>,
  columns: Parameters<typeof writeCsv<R>>[1],
  out: Writable,
  sheet: string,
) {
  return format === 'csv' ? writeCsv(pages, columns, out) : writeXlsx(pages, columns, out, sheet);
}

/** `--filter tag=vip` as the list endpoint's query, checked by the same schema. */
function parseFilters(kind: 'customers' | 'transactions', pairs: string[]) {
  const query: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw new UsageError(`--filter takes KEY=VALUE, not '${pair}'`);
    query[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const schema = kind === 'customers' ? customerExportQuery.strict() : transactionExportQuery.strict();
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path.join('.') || ('keys' in issue ? String(issue.keys) : '');
    throw new UsageError(`--filter ${key}: ${issue.message}`);
  }
  return query;
}

async function onlyWorkspace(db: Parameters<typeof memberWorkspaceIds>[0]): Promise<string> {
  const ids = await memberWorkspaceIds(db);
  if (ids.length === 1) return ids[0]!;
  throw new UsageError(
    ids.length
      ? `the database has ${ids.length} workspaces: name one with --workspace ID`
      : 'the database has no workspace',
  );
}
