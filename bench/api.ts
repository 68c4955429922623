/**
 * GET /api/v1/customers/:id under 64 concurrent connections (autocannon) against PostgreSQL, on the
 * path a user takes (a fresh database, the demo made at first start, 100,000 customers imported through
 * the API, no ANALYZE by hand: see seed), beside
 * `pgbench -S` (primary-key selects) on the same server in the same run. Reports medians of the runs,
 * the throughput ratio and p99 latency. Needs the local PostgreSQL (BENCH_DATABASE_URL or
 * postgres://postgres@127.0.0.1:5432) and pgbench.
 *
 * For scale, each run also measures the floors on this machine: pgbench's own p99, and a bare Fastify
 * process answering the same URL with a fixed customer (bench/fastify-baseline.js) under the same
 * load; and the CPU time each process spends per request (server, load generator, PostgreSQL).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

const BASELINE_PORT = 3918;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

/** CPU seconds used so far by a process (all its threads), from /proc. */
function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds used so far by every PostgreSQL process on the machine. */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres')
        total += cpuSecondsOf(Number(entry));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return total;
}

interface Load {
  tps: number;
  p99: number;
  /** CPU microseconds per request: the server, the load generator (this process), PostgreSQL. */
  cpu: { server: number; client: number; postgres: number };
}
const psql = (db: string, command: string) =>
  execFileSync('psql', [`${server}/${db}`, '-qc', command], { stdio: ['ignore', 'ignore', 'inherit'] });

async function startServer(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/clm.js', 'serve', '--port', String(PORT)], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: url,
      // A fresh install, as users start it: with the demo workspace.
      CLM_DEMO: 'true',
      // The nightly refresh would otherwise place the seeded customers while requests are measured.
      CLM_REFRESH_HOUR: 'off',
      CLM_ADMIN_EMAIL: 'bench@clm.local',
      CLM_ADMIN_PASSWORD: 'bench-password-1',
      // PostgreSQL needs the key that encrypts stored secrets; the bench's database is thrown away.
      CLM_SECRET_KEY: randomBytes(32).toString('base64'),
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

/**
 * The path a user takes: the server made the demo workspace on its first start; the customers arrive
 * by an import of a CSV file through the API, and nobody runs ANALYZE by hand (CLM must leave the
 * statistics its reads need). Answers the ids of a random sample of the imported customers.
 */
async function seed(url: string, token: string, workspaceId: string): Promise<string[]> {
  const lines = ['name,phone,email,region'];
  for (let i = 1; i <= CUSTOMERS; i++)
    lines.push(`Customer ${i},+86138${String(i).padStart(8, '0')},c${i}@example.com,Shanghai`);
  const form = new FormData();
  form.append('kind', 'customers');
  form.append('file', new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' }), 'customers.csv');
  const headers = { authorization: `Bearer ${token}`, 'clm-workspace': workspaceId };
  const started = await fetch(`http://127.0.0.1:${PORT}/api/v1/imports`, {
    method: 'POST',
    headers,
    body: form,
  });
  const { id } = (await started.json()) as { id: string };
  for (;;) {
    const res = await fetch(`http://127.0.0.1:${PORT}/api/v1/imports/${id}`, { headers });
    const row = (await res.json()) as { status: string; error: string | null };
    if (row.status === 'done') break;
    if (row.status === 'failed') throw new Error(`the import failed: ${row.error}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const database = await openDatabase({ url });
  try {
    return await inWorkspace(database.db, workspaceId, async (tx) => {
      const rows = await tx.selectFrom('customers').select('id').orderBy(sql`random()`).limit(5000).execute();
      return rows.map((r) => r.id);
    });
  } finally {
    await database.close();
  }
}

/** Requests for customers by id, `ids` in turn, from 64 connections for SECONDS, to the server `pid` at `port`. */
async function load(
  port: number,
  pid: number,
  headers: Record<string, string>,
  ids: string[],
): Promise<Load> {
  let i = 0;
  const before = { server: cpuSecondsOf(pid), client: process.cpuUsage(), postgres: postgresCpuSeconds() };
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: `/api/v1/customers/${ids[i++ % ids.length]}` }),
      },
    ],
  });
  if (result.non2xx || result.errors)
    throw new Error(`${result.non2xx} non-2xx answers, ${result.errors} errors`);
  const client = process.cpuUsage(before.client);
  const perRequest = (seconds: number) => Math.round((seconds * 1e6) / result.requests.total);
  return {
    tps: result.requests.average,
    p99: result.latency.p99,
    cpu: {
      server: perRequest(cpuSecondsOf(pid) - before.server),
      client: perRequest((client.user + client.system) / 1e6),
      postgres: perRequest(postgresCpuSeconds() - before.postgres),
    },
  };
}

async function startBaseline(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bench/fastify-baseline.js', String(BASELINE_PORT)], {
    cwd: root,
    stdio: 'inherit',
  });
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${BASELINE_PORT}/api/v1/customers/x`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the baseline server did not start');
}

/** pgbench -S; its p99 from the per-transaction log (third field: latency in microseconds). */
function pgbench(db: string) {
  const logs = mkdtempSync(join(tmpdir(), 'clm-pgbench-'));
  try {
    const out = execFileSync(
      'pgbench',
      [
        '-S',
        '-n',
        '-c',
        String(CONNECTIONS),
        '-j',
        '2',
        '-T',
        String(SECONDS),
        '-l',
        '--log-prefix',
        join(logs, 'log'),
        `${server}/${db}`,
      ],
      { encoding: 'utf8' },
    );
    const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
    const latencies = readdirSync(logs)
      .flatMap((f) => readFileSync(join(logs, f), 'utf8').split('\n'))
      .filter(Boolean)
      .map((line) => Number(line.split(' ')[2]) / 1000)
      .sort((a, b) => a - b);
    return { tps, p99: percentile(latencies, 0.99) };
  } finally {
    rmSync(logs, { recursive: true, force: true });
  }
}

export async function run() {
  const db = `clm_bench_${Date.now()}`;
  psql('postgres', `create database ${db}`);
  const url = `${server}/${db}`;
  execFileSync('pgbench', ['-i', '-q', '-s', '10', url], { stdio: 'ignore' });
  const child = await startServer(url);
  let baseline: ChildProcess | undefined;
  try {
    const { token } = await api('/auth/login', undefined, {
      email: 'bench@clm.local',
      password: 'bench-password-1',
    });
    const workspace = await api('/workspaces', token, { name: 'Bench' });
    const ids = await seed(url, token, workspace.id);
    const headers = { authorization: `Bearer ${token}`, 'clm-workspace': workspace.id };
    const ours = () => load(PORT, child.pid!, headers, ids);
    const bare = () => load(BASELINE_PORT, baseline!.pid!, {}, ids);
    baseline = await startBaseline();
    await ours(); // warm-up: JIT, connection pool, caches
    await bare();
    const a: Load[] = [];
    const b: { tps: number; p99: number }[] = [];
    const c: Load[] = [];
    for (let r = 0; r < RUNS; r++) {
      a.push(await ours());
      b.push(pgbench(db));
      c.push(await bare());
      console.log(
        `run ${r + 1}: CLM ${a[r].tps.toFixed(0)} req/s (p99 ${a[r].p99} ms), ` +
          `pgbench -S ${b[r].tps.toFixed(0)} tps (p99 ${b[r].p99.toFixed(1)} ms), ` +
          `bare Fastify ${c[r].tps.toFixed(0)} req/s (p99 ${c[r].p99} ms)`,
      );
    }
    const ratios = a.map((x, i) => x.tps / b[i].tps);
    const cpu = (runs: Load[], key: keyof Load['cpu']) => median(runs.map((x) => x.cpu[key]));
    console.log(
      `GET customer by id, ${CONNECTIONS} connections, ${CUSTOMERS} customers, median of ${RUNS} runs of ${SECONDS} s:\n` +
        `  CLM           ${median(a.map((x) => x.tps)).toFixed(0)} req/s, p99 ${median(a.map((x) => x.p99))} ms\n` +
        `  pgbench       ${median(b.map((x) => x.tps)).toFixed(0)} tps, p99 ${median(b.map((x) => x.p99)).toFixed(1)} ms (-S, same server, same run)\n` +
        `  ratio         ${(median(ratios) * 100).toFixed(1)} % of pgbench (target >= 25 %, p99 <= 20 ms)\n` +
        `  bare Fastify  ${median(c.map((x) => x.tps)).toFixed(0)} req/s, p99 ${median(c.map((x) => x.p99))} ms (fixed answer, no database)\n` +
        `  CPU µs per request: CLM server ${cpu(a, 'server')}, load generator ${cpu(a, 'client')}, PostgreSQL ${cpu(a, 'postgres')}; ` +
        `bare Fastify ${cpu(c, 'server')}, load generator ${cpu(c, 'client')}`,
    );
  } finally {
    baseline?.kill('SIGTERM');
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
    psql('postgres', `drop database ${db} with (force)`);
  }
}
