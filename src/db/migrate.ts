import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Runs SQL text (several statements allowed) and answers the rows of the last statement. */
export type RunSql = (sql: string) => Promise<Record<string, unknown>[]>;

const dir = join(import.meta.dirname, 'migrations');
// Any fixed number: serialises concurrent migrators (several servers or test processes) on one database.
const LOCK_KEY = 4_242_001;

/** Plain SQL files in `migrations/`, applied in name order, each in its own transaction, once. */
export async function migrate(run: RunSql): Promise<string[]> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  await run(`select pg_advisory_lock(${LOCK_KEY})`);
  try {
    await run(
      'create table if not exists clm_migrations (name text primary key, applied_at timestamptz not null default now())',
    );
    const done = new Set((await run('select name from clm_migrations')).map((r) => String(r.name)));
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file)) continue;
      const body = readFileSync(join(dir, file), 'utf8');
      await run(`begin;\n${body}\n;insert into clm_migrations (name) values ('${file}');\ncommit;`).catch(
        async (error: unknown) => {
          await run('rollback').catch(() => []);
          throw new Error(`migration ${file} failed: ${error instanceof Error ? error.message : error}`);
        },
      );
      applied.push(file);
    }
    return applied;
  } finally {
    await run(`select pg_advisory_unlock(${LOCK_KEY})`);
  }
}
