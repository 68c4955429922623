/**
 * Lifecycle refresh: the first refresh of N generated customers with 10 transactions each over two years
 * on PostgreSQL (which replays each customer's course from their first purchase: the "first
 * placement with two years of replay"),
 * R nightly refreshes a day apart (what the nightly job runs: the customers whose stage can change that
 * day, and everyone's value recomputed), R incremental refreshes after 1 % of them bought again, and the
 * first refresh of the demo workspace on the embedded PGlite. Prints medians of the runs.
 * `npm run bench -- lifecycle [--customers N] [--runs R] [--nightly K] [--repair] [--trace] [--keep]
 * [--template NAME]` (N defaults to 100,000; 1,000,000 is the size; K nightly refreshes, R by
 * default, come before the incremental ones, each leaving a million dead value rows where nothing
 * vacuums them; --repair also times R full refreshes, which
 * replay everyone and compare with what is stored, as a repair or a change of settings does; --trace
 * prints the time of each statement of every refresh, --keep leaves the generated database for EXPLAIN
 * ANALYZE; --template keeps the generated customers in database NAME and, when it exists, starts from a
 * copy of it instead of generating them again). Needs the local PostgreSQL (BENCH_DATABASE_URL or
 * postgres://postgres@127.0.0.1:5432).
 */
import { execFileSync } from 'node:child_process';
import { sql } from 'kysely';
import { formatDay, parseIsoDay } from '../src/analytics/civil-days.js';
import type { Database } from '../src/db/database.js';
import type { RefreshOptions } from '../src/lifecycle/refresh.js';
import { built } from './built.js';
import { statementTimer } from './statement-timer.js';

// The product's code as it ships (see built.ts).
const { openDatabase } = await built<typeof import('../src/db/database.js')>('db/database');
const { inWorkspace } = await built<typeof import('../src/db/tenant.js')>('db/tenant');
const { createDemoWorkspace } = await built<typeof import('../src/demo/load.js')>('demo/load');
const { refreshLifecycle } = await built<typeof import('../src/lifecycle/refresh.js')>('lifecycle/refresh');
const { createWorkspace } = await built<typeof import('../src/workspaces/service.js')>('workspaces/service');

const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const AS_OF = '2025-06-30';
// Customers per generating statement: each statement's triggers aggregate its customers once.
const CHUNK = 50_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const psql = (db: string, command: string) =>
  execFileSync('psql', [`${server}/${db}`, '-qc', command], { stdio: ['ignore', 'ignore', 'inherit'] });

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await fn();
  return [performance.now() - started, result];
}

async function newUser(database: Database) {
  const user = await database.db
    .insertInto('users')
    .values({ email: `bench.${Date.now()}@example.com`, password_hash: 'x' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return user.id;
}

/** N customers, 10 sales each at random days of the two years up to the as-of, set-based in chunks. */
async function generate(database: Database, workspaceId: string, customers: number) {
  for (let from = 1; from <= customers; from += CHUNK) {
    const to = Math.min(customers, from + CHUNK - 1);
    await inWorkspace(database.db, workspaceId, async (tx) => {
      await sql`
        with c as (
          insert into customers (workspace_id, name)
          select ${workspaceId}::uuid, 'Customer ' || i from generate_series(${from}::int, ${to}::int) i
          returning id
        )
        insert into transactions (workspace_id, customer_id, occurred_at, amount, currency)
        select ${workspaceId}::uuid, c.id,
          ${AS_OF}::timestamptz - (random() * 730) * interval '1 day', round((20 + random() * 480)::numeric, 2), 'CNY'
        from c, generate_series(1, 10)`.execute(tx);
    });
  }
}

export async function run(args: string[]) {
  const option = (name: string, fallback: number) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const customers = option('customers', 100_000);
  const runs = option('runs', 3);
  const nightlies = option('nightly', runs);
  // --trace: the time of each statement of a refresh, summed by statement, after each refresh.
  const timer = args.includes('--trace') ? statementTimer() : null;
  const trace = () => timer && console.log(timer.report());
  // --keep: leave the generated database for a look at its plans, and name it.
  const keep = args.includes('--keep');
  const template = args.includes('--template') ? args[args.indexOf('--template') + 1] : undefined;
  const db = `clm_bench_lifecycle_${Date.now()}`;
  const ask = (name: string, query: string) =>
    execFileSync('psql', [`${server}/${name}`, '-Atc', query])
      .toString()
      .trim();
  const exists = (name: string) =>
    ask('postgres', `select 1 from pg_database where datname = '${name}'`) === '1';
  if (template && !exists(template)) {
    psql('postgres', `create database ${template}`);
    const generating = await openDatabase({ url: `${server}/${template}` });
    try {
      const workspaceId = (await createWorkspace(generating.db, await newUser(generating), { name: 'Bench' }))
        .id;
      const [generateMs] = await timed(() => generate(generating, workspaceId, customers));
      console.log(`lifecycle: generated in ${(generateMs / 1000).toFixed(1)} s into template ${template}`);
    } finally {
      await generating.close();
    }
    psql(template, 'vacuum analyze');
  }
  psql('postgres', template ? `create database ${db} template ${template}` : `create database ${db}`);
  const url = `${server}/${db}`;
  const database = await openDatabase({ url });
  let first = 0;
  try {
    let workspaceId: string;
    if (template) {
      workspaceId = ask(db, `select id from workspaces where name = 'Bench'`);
      console.log(`lifecycle: ${customers} customers from template ${template} in database ${db}`);
    } else {
      workspaceId = (await createWorkspace(database.db, await newUser(database), { name: 'Bench' })).id;
      const [generateMs] = await timed(() => generate(database, workspaceId, customers));
      psql(db, 'analyze');
      console.log(
        `lifecycle: ${customers} customers, ${customers * 10} transactions generated in ${(generateMs / 1000).toFixed(1)} s` +
          (keep ? ` in database ${db}, workspace ${workspaceId}` : ''),
      );
    }
    const traced = timer ? database.db.withPlugin(timer.plugin) : database.db;
    const refresh = (asOf: string, options: RefreshOptions) =>
      timed(() => inWorkspace(traced, workspaceId, (tx) => refreshLifecycle(tx, workspaceId, asOf, options)));

    // The first refresh places everyone; the next ones are nightly refreshes, a day apart, in which
    // every customer's values change (a day older) and few stages do.
    const nightly: number[] = [];
    let asOf = AS_OF;
    for (let i = 0; i <= nightlies; i++) {
      asOf = formatDay(parseIsoDay(AS_OF) + i);
      const [ms, result] = await refresh(asOf, i === 0 ? { full: true } : { recomputeValues: true });
      if (i > 0) nightly.push(ms);
      else first = ms;
      const what = i === 0 ? 'first refresh (places and replays everyone)' : `nightly refresh ${i}`;
      console.log(`  ${what} at ${asOf}: ${(ms / 1000).toFixed(2)} s ${JSON.stringify(result)}`);
      trace();
      if (i === 0) psql(db, 'analyze');
    }
    const repairs: number[] = [];
    for (let i = 0; i < (args.includes('--repair') ? runs : 0); i++) {
      const [ms, result] = await refresh(asOf, { full: true });
      repairs.push(ms);
      console.log(
        `  full refresh ${i + 1} at ${asOf}: ${(ms / 1000).toFixed(2)} s ${JSON.stringify(result)}`,
      );
      trace();
    }

    const incremental: number[] = [];
    for (let i = 0; i < runs; i++) {
      await inWorkspace(database.db, workspaceId, (tx) =>
        sql`insert into transactions (workspace_id, customer_id, occurred_at, amount, currency)
          select workspace_id, id, ${AS_OF}::timestamptz, 99.00, 'CNY'
          from customers tablesample bernoulli (1)`.execute(tx),
      );
      const [ms, result] = await refresh(asOf, {});
      incremental.push(ms);
      console.log(`  incremental refresh ${i + 1}: ${(ms / 1000).toFixed(2)} s ${JSON.stringify(result)}`);
      trace();
    }
    console.log(
      `lifecycle on PostgreSQL, ${customers} customers: first refresh ${(first / 1000).toFixed(2)} s; ` +
        (nightly.length > 0 ? `nightly refresh median ${(median(nightly) / 1000).toFixed(2)} s; ` : '') +
        `1 % changed median ${(median(incremental) / 1000).toFixed(2)} s after ${nightly.length} nightly` +
        (repairs.length > 0 ? `; full refresh median ${(median(repairs) / 1000).toFixed(2)} s` : ''),
    );
  } finally {
    await database.close();
    if (!keep) psql('postgres', `drop database ${db}`);
  }

  const demo: number[] = [];
  for (let i = 0; i < runs; i++) {
    const pglite = await openDatabase({});
    try {
      const ownerUserId = await newUser(pglite);
      const { workspaceId } = await createDemoWorkspace(pglite.db, {
        ownerUserId,
        today: AS_OF,
        place: false,
      });
      const [ms, result] = await timed(() =>
        inWorkspace(pglite.db, workspaceId, (tx) => refreshLifecycle(tx, workspaceId, AS_OF)),
      );
      demo.push(ms);
      console.log(`  demo refresh ${i + 1}: ${(ms / 1000).toFixed(2)} s ${JSON.stringify(result)}`);
    } finally {
      await pglite.close();
    }
  }
  console.log(
    `lifecycle on PGlite, demo workspace: first refresh median ${(median(demo) / 1000).toFixed(2)} s`,
  );
}
