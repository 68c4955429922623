/**
 * The DuckDB side of `bench analyze`, run as its own process like `clm analyze`: read_csv and the
 * per-customer RFM aggregates (count, sum, first and last date), written to a CSV.
 * Usage: node bench/duckdb-rfm.js IN.csv OUT.csv. Plain JavaScript: like `clm`, it starts without a
 * TypeScript loader.
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [input, output] = process.argv.slice(2);
const quote = (path) => `'${path.replaceAll("'", "''")}'`;
const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
await connection.run(
  `COPY (SELECT customer_id, count(*) AS transactions, sum(amount) AS total,
                min(date) AS first_purchase, max(date) AS last_purchase
         FROM read_csv(${quote(input)}) GROUP BY customer_id)
   TO ${quote(output)} (HEADER)`,
);
