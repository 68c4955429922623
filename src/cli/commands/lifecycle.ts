import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import { inWorkspace } from '../../db/tenant.js';
import { UsageError } from '../../errors.js';
import { refreshLifecycle } from '../../lifecycle/refresh.js';
import { memberWorkspaceIds } from '../../transactions/rebuild-stats.js';
import type { Command } from '../main.js';
import { parseCommandArgs } from '../parse-args.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const USAGE = 'usage: clm lifecycle refresh --as-of YYYY-MM-DD [--workspace ID]';

export const command: Command = {
  summary: 'place customers in their lifecycle stages at a date',
  usage: `Usage: clm lifecycle refresh --as-of YYYY-MM-DD [--workspace ID]

Evaluates the lifecycle rules at the as-of date for one workspace or for every workspace that has a
member, and stores each customer's stage and every change. Incremental: only customers with new data
or with a date-based change due are evaluated, so running it twice for one date changes nothing.
Database: DATABASE_URL, or the embedded one in CLM_DATA_DIR.`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      args,
      { 'as-of': { type: 'string' }, workspace: { type: 'string' } },
      true,
    );
    if (positionals.length !== 1 || positionals[0] !== 'refresh') throw new UsageError(USAGE);
    const asOf = values['as-of'];
    if (asOf === undefined || !DATE.test(asOf))
      throw new UsageError(`--as-of must be a date YYYY-MM-DD; ${USAGE}`);
    if (values.workspace !== undefined && !UUID.test(values.workspace))
      throw new UsageError(`--workspace must be a workspace id, not '${values.workspace}'`);
    const config = loadConfig();
    const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, existing: true });
    try {
      const ids = values.workspace ? [values.workspace] : await memberWorkspaceIds(database.db);
      for (const id of ids) {
        const result = await inWorkspace(database.db, id, (tx) => refreshLifecycle(tx, id, asOf));
        console.log(`${id}: evaluated ${result.evaluated}, changed ${result.changed}`);
      }
    } finally {
      await database.close();
    }
    return 0;
  },
};
