import pg from 'pg';
import { inlineParameters, literal } from './sql-literal.js';

/** Runs one read in a transaction bound to a workspace, in a single round trip; answers its rows. */
export type RunRead = (bind: string, sql: string, parameters: readonly unknown[]) => Promise<unknown[]>;

// Distinct statement texts worth preparing: the API's reads are a few dozen shapes; more means the
// text carries values, and those run unprepared rather than fill every connection's memory.
const MAX_STATEMENTS = 200;

/**
 * Reads over node-postgres as one simple-protocol batch (the workspace setting, then the query) that
 * runs the query through a server-side prepared statement. Planning a query under
 * row-level security costs several times its execution; a prepared statement is planned once per
 * connection and its generic plan reused. Statements PostgreSQL cannot prepare (a parameter whose type
 * it cannot infer) are remembered and run with their values written into the text instead.
 */
export function preparedReads(pool: pg.Pool): RunRead {
  const names = new Map<string, string>();
  const unpreparable = new Set<string>();
  const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();

  const nameOf = (sql: string) => {
    if (unpreparable.has(sql)) return undefined;
    let name = names.get(sql);
    if (!name && names.size < MAX_STATEMENTS) {
      name = `clm_read_${names.size + 1}`;
      names.set(sql, name);
    }
    return name;
  };

  return async (bind, sql, parameters) => {
    const client = await pool.connect();
    try {
      const name = nameOf(sql);
      if (!name) return await batch(client, `${bind}; ${inlineParameters(sql, parameters)}`);
      let prepared = preparedOn.get(client);
      if (!prepared) {
        prepared = new Set<string>();
        preparedOn.set(client, prepared);
      }
      const values = parameters.length ? `(${parameters.map(unknownLiteral).join(', ')})` : '';
      const execute = `execute ${name}${values}`;
      if (prepared.has(name)) return await batch(client, `${bind}; ${execute}`);
      try {
        const rows = await batch(client, `prepare ${name} as ${sql}; ${bind}; ${execute}`);
        prepared.add(name);
        return rows;
      } catch {
        // Whether the PREPARE took effect is unknown: start this connection afresh and run the read as
        // plain text. If that works, the statement is one PostgreSQL cannot prepare.
        await client.query('deallocate all');
        prepared.clear();
        const rows = await batch(client, `${bind}; ${inlineParameters(sql, parameters)}`);
        unpreparable.add(sql);
        return rows;
      }
    } finally {
      client.release();
    }
  };
}

/**
 * Runs the statements; answers the rows of the last. Statements sent together run as one implicit
 * transaction, which also bounds the workspace setting (`set_config(…, true)`) and ends on an error.
 */
async function batch(client: pg.PoolClient, statements: string): Promise<unknown[]> {
  const results = (await client.query(statements)) as unknown as pg.QueryResult[];
  return results.at(-1)!.rows;
}

/**
 * A value as an untyped quoted literal, so EXECUTE converts it to whatever type PREPARE inferred for
 * its parameter (a bare 5 would be an integer even where the parameter is numeric or text).
 */
function unknownLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return `'${literal(value)}'`;
  if (Buffer.isBuffer(value)) return pg.escapeLiteral(`\\x${value.toString('hex')}`);
  return literal(value);
}
