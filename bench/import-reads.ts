/**
 * `npm run bench -- import-reads [--rows N] [--runs R]`: customer reads in one workspace while a
 * 200,000-row transactions import runs in another, on the embedded database (target: p99 <= 200 ms).
 * Each run starts `clm serve` on an empty data folder (the demo workspace is made at its first start),
 * uploads the file through the API into a new workspace, and meanwhile reads random demo customers
 * (GET /api/v1/customers/:id) one after another until the import is done. Prints each run's read
 * latencies and the import's time, then the medians of R runs (default 3).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = join(import.meta.dirname, '..');
const PORT = 3919;
const base = `http://127.0.0.1:${PORT}/api/v1`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

async function startServer(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/clm.js', 'serve', '--port', String(PORT)], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: '',
      CLM_DATA_DIR: dataDir,
      CLM_DEMO: 'true',
      CLM_REFRESH_HOUR: 'off',
      CLM_ADMIN_EMAIL: 'bench@clm.local',
      CLM_ADMIN_PASSWORD: 'bench-password-1',
      LOG_LEVEL: 'warn',
    },
    stdio: 'inherit',
  });
  for (let i = 0; i < 3000; i++) {
    if (
      await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the server did not start');
}

async function json(path: string, headers: Record<string, string>, init: RequestInit = {}) {
  const res = await fetch(`${base}${path}`, { ...init, headers: { ...headers, ...init.headers } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

/** `customer_id,date,amount`: 10 sales each of rows / 10 customers over two years. */
function transactionsCsv(rows: number): Blob {
  const lines = ['customer_id,date,amount'];
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2024, 0, 1) + (i % 730) * 86_400_000).toISOString().slice(0, 10);
    lines.push(`C${i % Math.ceil(rows / 10)},${day},${(10 + (i % 490)).toFixed(2)}`);
  }
  return new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' });
}

async function once(rows: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'clm-bench-reads-'));
  const child = await startServer(dataDir);
  try {
    const login = await json(
      '/auth/login',
      { 'content-type': 'application/json' },
      {
        method: 'POST',
        body: JSON.stringify({ email: 'bench@clm.local', password: 'bench-password-1' }),
      },
    );
    const auth = { authorization: `Bearer ${login.token}` };
    const workspaces = (await json('/workspaces', auth)) as { data: { id: string }[] };
    const demo = workspaces.data[0].id;
    const reader = { ...auth, 'clm-workspace': demo };
    const page = (await json('/customers?limit=200', reader)) as { data: { id: string }[] };
    const ids = page.data.map((c) => c.id);
    const target = await json(
      '/workspaces',
      { ...auth, 'content-type': 'application/json' },
      {
        method: 'POST',
        body: JSON.stringify({ name: 'Import' }),
      },
    );
    const importer = { ...auth, 'clm-workspace': String(target.id) };
    const form = new FormData();
    form.append('kind', 'transactions');
    form.append('file', transactionsCsv(rows), 'transactions.csv');
    const started = performance.now();
    const { id } = await json('/imports', importer, { method: 'POST', body: form });
    let done = false;
    const watching = (async () => {
      for (;;) {
        const row = await json(`/imports/${id}`, importer);
        if (row.status === 'failed') throw new Error(`the import failed: ${row.error}`);
        if (row.status === 'done') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      done = true;
    })();
    // Awaited below; a failure meanwhile ends the reads rather than the process.
    watching.catch(() => {
      done = true;
    });
    const latencies: number[] = [];
    for (let i = 0; !done; i++) {
      const t = performance.now();
      await json(`/customers/${ids[i % ids.length]}`, reader);
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 10));
    }
    await watching;
    const seconds = (performance.now() - started) / 1000;
    const sorted = latencies.sort((a, b) => a - b);
    return {
      reads: sorted.length,
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      max: sorted[sorted.length - 1],
      seconds,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(args: string[]) {
  const { values } = parseArgs({
    args,
    options: { rows: { type: 'string', default: '200000' }, runs: { type: 'string', default: '3' } },
  });
  const rows = Number(values.rows);
  const results: Awaited<ReturnType<typeof once>>[] = [];
  for (let r = 0; r < Number(values.runs); r++) {
    const result = await once(rows);
    results.push(result);
    console.log(
      `run ${r + 1}: ${result.reads} reads during an import of ${rows} rows (${result.seconds.toFixed(1)} s): ` +
        `p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, max ${result.max.toFixed(1)} ms`,
    );
  }
  const m = (key: 'p50' | 'p99' | 'max' | 'seconds') => median(results.map((x) => x[key])).toFixed(1);
  console.log(
    `customer reads during a ${rows}-row import on the embedded database, median of ${results.length} runs:\n` +
      `  p50 ${m('p50')} ms, p99 ${m('p99')} ms (target <= 200 ms), max ${m('max')} ms; import ${m('seconds')} s`,
  );
}
