import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import { UsageError } from '../../errors.js';
import { memberWorkspaceIds, rebuildCustomerStats } from '../../transactions/rebuild-stats.js';
import type { Command } from '../main.js';
import { parseCommandArgs } from '../parse-args.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const command: Command = {
  summary: 'rebuild the per-customer purchase aggregates',
  usage: `Usage: clm stats rebuild [--workspace ID]

Recomputes customer_stats and customer_line_stats from the transactions, for one workspace or for
every workspace that has a member. The aggregates are kept current on every write; this repairs them
after changes made outside CLM. Database: DATABASE_URL, or the embedded one in CLM_DATA_DIR.`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { workspace: { type: 'string' } }, true);
    if (positionals.length !== 1 || positionals[0] !== 'rebuild')
      throw new UsageError('usage: clm stats rebuild [--workspace ID]');
    if (values.workspace !== undefined && !UUID.test(values.workspace))
      throw new UsageError(`--workspace must be a workspace id, not '${values.workspace}'`);
    const config = loadConfig();
    const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, existing: true });
    try {
      const ids = values.workspace ? [values.workspace] : await memberWorkspaceIds(database.db);
      for (const id of ids) {
        const customers = await rebuildCustomerStats(database.db, id);
        console.log(`${id}: ${customers} customer(s) with purchases`);
      }
      console.log(`rebuilt the aggregates of ${ids.length} workspace(s)`);
    } finally {
      await database.close();
    }
    return 0;
  },
};
