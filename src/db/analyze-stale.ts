import { type Kysely, sql } from 'kysely';
import { giveWay } from './foreground.js';
import type { Tables } from './tables.js';

/**
 * ANALYZEs the tables whose statistics a bulk write left behind (see clm_analyze_stale in the
 * migrations), so that the next queries plan with the rows just written rather than wait for
 * autovacuum. Call it at the end of a demo load, an import or a refresh; answers the tables analyzed.
 * `oneByOne`: each table in a transaction of its own, giving way to requests between two (the
 * embedded database's one connection), where by default one statement analyses them all.
 */
export async function analyzeStaleTables(db: Kysely<Tables>, oneByOne = false): Promise<string[]> {
  if (!oneByOne) {
    const { rows } = await sql<{ name: string }>`select clm_analyze_stale() as name`.execute(db);
    return rows.map((r) => r.name);
  }
  const { rows } = await sql<{ name: string }>`select clm_stale_tables() as name`.execute(db);
  const analyzed: string[] = [];
  for (const { name } of rows) {
    await giveWay(db);
    const { rows: done } = await sql<{ ok: boolean }>`select clm_analyze_table(${name}) as ok`.execute(db);
    if (done[0].ok) analyzed.push(name);
  }
  return analyzed;
}
