import { sql } from 'kysely';
import type { Tx } from './tenant.js';

/**
 * Whether a statement failed because it ran past the statement timeout (PostgreSQL's query_canceled,
 * 57014: the server's CLM_STATEMENT_TIMEOUT_MS, or a cancel).
 */
export function isStatementTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '57014';
}

/**
 * Lifts the statement timeout for the rest of the transaction: for background jobs whose statements
 * grow with the data (an import's merge of a whole file, the nightly refresh) and hold no request up
 * on PostgreSQL, where each has a connection of its own. Requests keep the bound.
 */
export async function withoutStatementTimeout(tx: Tx): Promise<void> {
  await sql`set local statement_timeout = 0`.execute(tx);
}
