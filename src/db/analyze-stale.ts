import { type Kysely, sql } from 'kysely';
import type { Tables } from './tables.js';

/**
 * ANALYZEs the tables whose statistics a bulk write left behind (see clm_analyze_stale in the
 * migrations), so that the next queries plan with the rows just written rather than wait for
 * autovacuum. Call it at the end of a demo load, an import or a refresh; answers the tables analyzed.
 */
export async function analyzeStaleTables(db: Kysely<Tables>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select clm_analyze_stale() as name`.execute(db);
  return rows.map((r) => r.name);
}
