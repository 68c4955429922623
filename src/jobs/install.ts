import PgBoss from 'pg-boss';
import type { RunSql } from '../db/migrate.js';
import { literal } from '../db/sql-literal.js';
import { PG_BOSS_CRON_QUEUE, queues } from './queues.js';

/** pg-boss's tables live in a schema of their own, apart from the product's. */
export const JOB_SCHEMA = 'pgboss';
// Any fixed number other than the migrations' one: serialises servers installing at the same time.
const LOCK_KEY = 4_242_002;

/**
 * The privileged step of the job queue, run as the owner after the migrations: installs or upgrades
 * pg-boss's schema, creates the product's queues (each is a table partition: DDL the application role
 * may not run) and grants the application role the rows, never the schema.
 */
export async function installJobSchema(run: RunSql, appRole: string): Promise<void> {
  await run(`select pg_advisory_lock(${LOCK_KEY})`);
  try {
    const [installed] = await run(`select to_regclass('${JOB_SCHEMA}.version') is not null as yes`);
    if (!installed?.yes) await run(PgBoss.getConstructionPlans(JOB_SCHEMA));
    else {
      const [row] = await run(`select version from ${JOB_SCHEMA}.version`);
      // An upgrade of pg-boss brings its migrations: its plan goes from the installed version to its own.
      if (Number(row?.version) < latestVersion())
        await run(PgBoss.getMigrationPlans(JOB_SCHEMA, String(row?.version)));
    }
    const definitions = [...Object.values(queues), { name: PG_BOSS_CRON_QUEUE }];
    for (const { name, ...options } of definitions)
      await run(`select ${JOB_SCHEMA}.create_queue(${literal(name)}, ${literal(options)}::json)`);
    await run(`grant usage on schema ${JOB_SCHEMA} to ${appRole};
      grant select, insert, update, delete on all tables in schema ${JOB_SCHEMA} to ${appRole}`);
  } finally {
    await run(`select pg_advisory_unlock(${LOCK_KEY})`);
  }
}

function latestVersion(): number {
  const plans = PgBoss.getConstructionPlans(JOB_SCHEMA);
  const match = /INSERT INTO \w+\.version\(version\) VALUES \('(\d+)'\)/i.exec(plans);
  if (!match) throw new Error('pg-boss construction plan names no schema version');
  return Number(match[1]);
}
