/**
 * `npm run bench -- customer-list [--customers N] [--runs R] [--only pglite|postgres] [--case NAME]…`: the customer page's list, one
 * page of 50 for each of its sorts and filters, at N customers (100,000 by default; target: each at most
 * 100 ms) on the embedded PGlite and on PostgreSQL (BENCH_DATABASE_URL or
 * postgres://postgres@127.0.0.1:5432). Each customer has 5 sales at random days of the two years before
 * the as-of; 90 % have a stage and a value (the others list last in value sorts). Statistics are those a
 * refresh leaves (analyzeStaleTables), nothing more. Prints the median of R runs (default 7) per query,
 * and with --explain the plan of each. `--scope own` (or team) lists as a rep of 20 who each own 4.5 % of the
 * customers, the other 10 % in the public pool: what row-level security leaves that rep to see.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Kysely, type QueryId, type RootOperationNode, sql } from 'kysely';
import pg from 'pg';
import { listCustomers } from '../src/customers/repository.js';
import { customerListQuery } from '../src/customers/schema.js';
import { analyzeStaleTables } from '../src/db/analyze-stale.js';
import { type Database, openDatabase } from '../src/db/database.js';
import type { Tables } from '../src/db/tables.js';
import { inWorkspace, type Viewer } from '../src/db/tenant.js';
import { createWorkspace } from '../src/workspaces/service.js';

const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const AS_OF = '2026-06-30';
const CHUNK = 25_000;
const STAGES = ['new', 'active', 'loyal', 'at_risk', 'dormant', 'lost'];
const SEGMENTS = ['Champions', 'Loyal', 'At Risk', 'Hibernating', 'Lost'];

/** The page's queries: every sort, and each filter on the default sort. */
const CASES: Record<string, Record<string, string>> = {
  'sort createdAt': {},
  'sort -createdAt': { sort: '-createdAt' },
  'sort name': { sort: 'name' },
  'sort -updatedAt': { sort: '-updatedAt' },
  'sort -clv': { sort: '-clv' },
  'sort clv': { sort: 'clv' },
  'sort -churnRisk': { sort: '-churnRisk' },
  'sort churnRisk': { sort: 'churnRisk' },
  'stage dormant': { stage: 'dormant' },
  'stage dormant, sort -churnRisk': { stage: 'dormant', sort: '-churnRisk' },
  'segment, abc': { segment: 'At Risk', abc: 'A' },
  'rScore 1, fScore 5': { rScore: '1', fScore: '5' },
  'purchased in a month': { purchasedFrom: '2026-05-01', purchasedTo: '2026-05-31' },
  'purchased in a month, sort -clv': { purchasedFrom: '2026-05-01', purchasedTo: '2026-05-31', sort: '-clv' },
  'purchased in a month, previous not': {
    purchasedFrom: '2026-05-01',
    purchasedTo: '2026-05-31',
    previousWindow: 'notPurchased',
  },
  'first purchase in a month': { firstPurchaseFrom: '2026-05-01', firstPurchaseTo: '2026-05-31' },
  'first purchase in a week, sort -churnRisk': {
    firstPurchaseFrom: '2026-06-01',
    firstPurchaseTo: '2026-06-07',
    sort: '-churnRisk',
  },
  'search name': { q: 'Customer 4242' },
  // 1,111 matches (99, 990–999, 9900–9999, 99000–99999): more than are fetched by id first.
  'search many matches': { q: 'Customer 99' },
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** N customers with their sales, stages and values, set-based in chunks. */
async function generate(db: Kysely<Tables>, workspaceId: string, customers: number) {
  for (let from = 1; from <= customers; from += CHUNK) {
    const to = Math.min(customers, from + CHUNK - 1);
    await inWorkspace(db, workspaceId, async (tx) => {
      await sql`
        with c as (
          insert into customers (workspace_id, name, region)
          select ${workspaceId}::uuid, 'Customer ' || i, 'Region ' || (i % 30)
          from generate_series(${from}::int, ${to}::int) i
          returning id
        )
        insert into transactions (workspace_id, customer_id, occurred_at, amount, currency)
        select ${workspaceId}::uuid, c.id,
          ${AS_OF}::timestamptz - (random() * 730) * interval '1 day', round((20 + random() * 480)::numeric, 2), 'CNY'
        from c, generate_series(1, 5)`.execute(tx);
    });
  }
  await inWorkspace(db, workspaceId, async (tx) => {
    await sql`
      insert into customer_lifecycle (workspace_id, customer_id, business_line_id, stage, since, cause)
      select workspace_id, id, null, (${sql.val(STAGES)}::text[])[1 + floor(random() * 6)::int], ${AS_OF}::date, '{}'
      from customers where random() < 0.9`.execute(tx);
    await sql`
      insert into customer_values (workspace_id, customer_id, as_of, computed_at, purchase_days, days_since_last,
        revenue, r_score, f_score, m_score, rfm_segment, cn_class, abc_class, clv, churn_risk, churn_level,
        value_at_risk, value_at_risk_band)
      select l.workspace_id, l.customer_id, ${AS_OF}::date, now(), 5, floor(random() * 730)::int,
        round((100 + random() * 2000)::numeric, 2), 1 + floor(random() * 5)::int, 1 + floor(random() * 5)::int,
        1 + floor(random() * 5)::int, (${sql.val(SEGMENTS)}::text[])[1 + floor(random() * 5)::int], 'x',
        (array['A', 'B', 'C'])[1 + floor(random() * 3)::int], l.clv, l.churn_risk, 'low',
        round(l.clv * l.churn_risk::numeric / 100, 2),
        floor(4 * ln(1 + l.clv::float8 * l.churn_risk / 100))::smallint
      from (select workspace_id, customer_id, round((random() * 5000)::numeric, 2) as clv,
        round((random() * 100)::numeric, 1)::float8 as churn_risk from customer_lifecycle) l`.execute(tx);
    // The statistics a refresh leaves behind it.
    await analyzeStaleTables(tx);
  });
}

/** 20 reps, each owning every 20th of the 90 % of customers not in the pool; the viewer is the first. */
async function assignReps(db: Kysely<Tables>, workspaceId: string, scope: Viewer['scope']): Promise<Viewer> {
  const reps = await db
    .insertInto('users')
    .values(
      Array.from({ length: 20 }, (_, i) => ({
        email: `rep${i}.${Date.now()}@example.com`,
        password_hash: 'x',
      })),
    )
    .returning('id')
    .execute();
  const repIds = reps.map((r) => r.id);
  await inWorkspace(db, workspaceId, async (tx) => {
    await tx
      .insertInto('memberships')
      .values(repIds.map((id) => ({ workspace_id: workspaceId, user_id: id, role: 'rep' as const })))
      .execute();
    await sql`
      update customers set owner_id = (${repIds}::uuid[])[1 + (abs(hashtext(id::text)) % 20)]
      where abs(hashtext(id::text) / 20) % 10 <> 0`.execute(tx);
    await analyzeStaleTables(tx);
  });
  return { userId: repIds[0], scope };
}

async function measure(
  database: Database,
  workspaceId: string,
  runs: number,
  explain: boolean,
  cases: string[],
  viewer?: Viewer,
) {
  const results: Record<string, number> = {};
  for (const name of cases) {
    const query = customerListQuery.parse(CASES[name]);
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const started = performance.now();
      await inWorkspace(database.db, workspaceId, (tx) => listCustomers(tx, query, 'CN', new Date()), viewer);
      times.push(performance.now() - started);
    }
    results[name] = median(times);
    if (explain)
      await printPlan(database, workspaceId, query, viewer).catch((e) => console.log(`no plan: ${e}`));
  }
  return results;
}

/** EXPLAIN ANALYZE of the page's first statement, caught by a plugin on its way to the database. */
async function printPlan(
  database: Database,
  workspaceId: string,
  query: ReturnType<typeof customerListQuery.parse>,
  viewer?: Viewer,
) {
  await inWorkspace(
    database.db,
    workspaceId,
    async (tx) => {
      let first: { node: RootOperationNode; queryId: QueryId } | undefined;
      const spy = tx.withPlugin({
        transformQuery: (args) => {
          first ??= args;
          return args.node;
        },
        transformResult: async (args) => args.result,
      });
      await listCustomers(spy, query, 'CN', new Date());
      if (!first) return;
      const compiled = tx.getExecutor().compileQuery(first.node, first.queryId);
      const explained = sql.raw(`explain analyze ${compiled.sql}`);
      const { rows } = await tx.executeQuery({ ...compiled, sql: explained.compile(tx).sql });
      console.log((rows as Record<string, string>[]).map((r) => Object.values(r)[0]).join('\n'));
    },
    viewer,
  );
}

async function onTarget(
  name: string,
  options: { url?: string; dataDir?: string },
  customers: number,
  runs: number,
  explain: boolean,
  cases: string[],
  scope?: Viewer['scope'],
) {
  const database = await openDatabase(options);
  try {
    const user = await database.db
      .insertInto('users')
      .values({ email: `bench.${Date.now()}@example.com`, password_hash: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const workspaceId = (await createWorkspace(database.db, user.id, { name: 'List' })).id;
    const started = performance.now();
    await generate(database.db, workspaceId, customers);
    console.log(
      `${name}: ${customers} customers generated in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const viewer = scope ? await assignReps(database.db, workspaceId, scope) : undefined;
    await measure(database, workspaceId, 1, false, cases, viewer); // warm-up: caches, prepared statements
    return await measure(database, workspaceId, runs, explain, cases, viewer);
  } catch (error) {
    console.error(error);
    throw error;
  } finally {
    await database.close();
  }
}

function print(target: string, results: Record<string, number>, customers: number, runs: number) {
  console.log(
    `${target}: customer list, one page of 50 at ${customers} customers, median of ${runs} runs (ms; target <= 100):`,
  );
  for (const [name, ms] of Object.entries(results))
    console.log(`  ${name.padEnd(44)}${ms.toFixed(1).padStart(10)}`);
}

export async function run(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      customers: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '7' },
      only: { type: 'string' },
      explain: { type: 'boolean', default: false },
      case: { type: 'string', multiple: true },
      scope: { type: 'string' },
    },
  });
  for (const name of values.case ?? []) if (!(name in CASES)) throw new Error(`no case named ${name}`);
  const cases = values.case ?? Object.keys(CASES);
  const customers = Number(values.customers);
  const runs = Number(values.runs);
  const scope = values.scope as Viewer['scope'] | undefined;
  if (scope && !['own', 'team', 'all'].includes(scope)) throw new Error('--scope is own, team or all');
  const results: Record<string, Record<string, number>> = {};
  if (values.only !== 'postgres') {
    const dir = mkdtempSync(join(tmpdir(), 'clm-bench-list-'));
    try {
      results.pglite = await onTarget(
        'pglite',
        { dataDir: dir },
        customers,
        runs,
        values.explain,
        cases,
        scope,
      );
      print('pglite', results.pglite, customers, runs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (values.only !== 'pglite') {
    const db = `clm_bench_list_${Date.now()}`;
    const admin = new pg.Client({ connectionString: `${server}/postgres` });
    await admin.connect();
    await admin.query(`create database ${db}`);
    try {
      results.postgres = await onTarget(
        'postgres',
        { url: `${server}/${db}` },
        customers,
        runs,
        values.explain,
        cases,
        scope,
      );
      print('postgres', results.postgres, customers, runs);
    } finally {
      // Without force: ending the closed pool's connections from the server side is an error in this process.
      await new Promise((r) => setTimeout(r, 1000));
      await admin
        .query(`drop database ${db}`)
        .catch((e) => console.error(`drop database ${db} by hand: ${e}`));
      await admin.end();
    }
  }
}
