/**
 * GET /api/v1/customers/:id under 64 concurrent connections (autocannon) against PostgreSQL, beside
 * `pgbench -S` (primary-key selects) on the same server in the same run. Reports medians of the runs,
 * the throughput ratio and p99 latency. Needs the local PostgreSQL (BENCH_DATABASE_URL or
 * postgres://postgres@127.0.0.1:5432) and pgbench.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.js';
import { inWorkspace } from '../src/db/tenant.js';

const root = join(import.meta.dirname, '..');
const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const CONNECTIONS = 64;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CUSTOMERS = 100_000;
const PORT = 3917;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const psql = (db: string, command: string) =>
  execFileSync('psql', [`${server}/${db}`, '-qc', command], { stdio: ['ignore', 'ignore', 'inherit'] });

async function startServer(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/clm.js', 'serve', '--port', String(PORT)], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: url,
      CLM_DEMO: 'false',
      // The nightly refresh would otherwise place the seeded customers while requests are measured.
      CLM_REFRESH_HOUR: 'off',
      CLM_ADMIN_EMAIL: 'bench@clm.local',
      CLM_ADMIN_PASSWORD: 'bench-password-1',
      LOG_LEVEL: 'warn',
    },
    stdio: 'inherit',
  });
  for (let i = 0; i < 300; i++) {
    const up = await fetch(`http://127.0.0.1:${PORT}/api/v1/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the server did not start');
}

async function api(path: string, token: string | undefined, body?: object): Promise<Record<string, string>> {
  const res = await fetch(`http://127.0.0.1:${PORT}/api/v1${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return (await res.json()) as Record<string, string>;
}

async function seed(url: string, workspaceId: string): Promise<string[]> {
  const database = await openDatabase({ url });
  try {
    const ids = await inWorkspace(database.db, workspaceId, async (tx) => {
      await sql`insert into customers (workspace_id, name, phones, emails, region)
        select ${workspaceId}::uuid, 'Customer ' || i, array['+86138' || lpad(i::text, 8, '0')],
          array['c' || i || '@example.com'], 'Shanghai'
        from generate_series(1, ${CUSTOMERS}) i`.execute(tx);
      const rows = await tx.selectFrom('customers').select('id').orderBy(sql`random()`).limit(5000).execute();
      return rows.map((r) => r.id);
    });
    // As autovacuum would after a bulk load; without statistics the planner guesses from an empty table.
    psql(url.slice(server.length + 1), 'analyze customers');
    return ids;
  } finally {
    await database.close();
  }
}

async function ours(token: string, workspaceId: string, ids: string[]) {
  let i = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { authorization: `Bearer ${token}`, 'clm-workspace': workspaceId },
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: `/api/v1/customers/${ids[i++ % ids.length]}` }),
      },
    ],
  });
  if (result.non2xx || result.errors)
    throw new Error(`${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { tps: result.requests.average, p99: result.latency.p99 };
}

function pgbench(db: string) {
  const out = execFileSync(
    'pgbench',
    ['-S', '-n', '-c', String(CONNECTIONS), '-j', '2', '-T', String(SECONDS), `${server}/${db}`],
    {
      encoding: 'utf8',
    },
  );
  const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
  const latency = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1]);
  return { tps, latencyAvg: latency };
}

export async function run() {
  const db = `clm_bench_${Date.now()}`;
  psql('postgres', `create database ${db}`);
  const url = `${server}/${db}`;
  execFileSync('pgbench', ['-i', '-q', '-s', '10', url], { stdio: 'ignore' });
  const child = await startServer(url);
  try {
    const { token } = await api('/auth/login', undefined, {
      email: 'bench@clm.local',
      password: 'bench-password-1',
    });
    const workspace = await api('/workspaces', token, { name: 'Bench' });
    const ids = await seed(url, workspace.id);
    await ours(token, workspace.id, ids); // warm-up: JIT, connection pool, caches
    const a: { tps: number; p99: number }[] = [];
    const b: { tps: number }[] = [];
    for (let r = 0; r < RUNS; r++) {
      a.push(await ours(token, workspace.id, ids));
      b.push(pgbench(db));
      console.log(
        `run ${r + 1}: CLM ${a[r].tps.toFixed(0)} req/s (p99 ${a[r].p99} ms), pgbench -S ${b[r].tps.toFixed(0)} tps`,
      );
    }
    const ratios = a.map((x, i) => x.tps / b[i].tps);
    console.log(
      `GET customer by id, ${CONNECTIONS} connections, ${CUSTOMERS} customers, median of ${RUNS} runs of ${SECONDS} s:\n` +
        `  CLM      ${median(a.map((x) => x.tps)).toFixed(0)} req/s, p99 ${median(a.map((x) => x.p99))} ms\n` +
        `  pgbench  ${median(b.map((x) => x.tps)).toFixed(0)} tps (-S, same server, same run)\n` +
        `  ratio    ${(median(ratios) * 100).toFixed(1)} % of pgbench (target >= 25 %, p99 <= 20 ms)`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
    psql('postgres', `drop database ${db} with (force)`);
  }
}
