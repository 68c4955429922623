import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import type { Command } from '../main.js';
import { parseCommandArgs } from '../parse-args.js';

export const command: Command = {
  summary: 'apply pending database migrations',
  usage: `Usage: clm migrate

Applies the pending migrations to the database (DATABASE_URL, or the embedded one in CLM_DATA_DIR).
The server also migrates on start; this is for deploying a new version before starting it.`,
  async run(args) {
    parseCommandArgs(args, {});
    const config = loadConfig();
    const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    await database.close();
    console.log(
      database.applied.length ? `applied: ${database.applied.join(', ')}` : 'the schema is up to date',
    );
    return 0;
  },
};
