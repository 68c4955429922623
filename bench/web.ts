/**
 * The web app: the gzip size of the production bundle's entry chunk (target ≤ 250 KB), and the time
 * from opening the dashboard to its first drawn chart in Chromium on localhost, against a server with
 * the demo workspace on the embedded database, its stages and values computed. Each run opens the
 * dashboard in a fresh browser context (an empty cache, as on a first visit) and once more in the same
 * context (a warm cache); prints medians of BENCH_RUNS runs (default 5). Needs /usr/bin/chromium.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { ensureWebBuild, WEB_DIST } from '../src/server/web-build.js';

const root = join(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PORT = 3918;
const BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = 'bench-web-password';
const TARGET_KB = 250;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The script index.html loads first: what every visit downloads before anything else. */
export function entryChunkGzipBytes(dist: string): { file: string; raw: number; gzip: number } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const src = /<script type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
  if (!src) throw new Error('index.html loads no module script');
  const code = readFileSync(join(dist, src));
  return { file: src, raw: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

async function startServer(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/clm.js', 'serve', '--port', String(PORT)], {
    cwd: root,
    env: { ...process.env, CLM_DATA_DIR: dataDir, CLM_ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'warn' },
    stdio: 'inherit',
  });
  for (let i = 0; i < 600; i++) {
    const up = await fetch(`${BASE}/api/v1/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the server did not start');
}

async function post(path: string, token: string | null, body: object) {
  const res = await fetch(`${BASE}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

/** The web app's session cookies, as a browser gets them from signing in. */
async function webSessionCookies() {
  const res = await fetch(`${BASE}/api/v1/auth/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@clm.local', password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`/auth/session: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().map((line) => {
    const [name, value] = line.split(';')[0].split('=');
    return { name, value, url: BASE };
  });
}

export async function run(_args: string[]) {
  ensureWebBuild((line) => console.log(line));
  const entry = entryChunkGzipBytes(WEB_DIST);
  const kb = entry.gzip / 1024;
  console.log(
    `web: entry chunk ${entry.file}: ${(entry.raw / 1024).toFixed(1)} KB, gzip ${kb.toFixed(1)} KB ` +
      `(target ≤ ${TARGET_KB} KB: ${kb <= TARGET_KB ? 'met' : 'NOT met'})`,
  );

  const dataDir = mkdtempSync(join(tmpdir(), 'clm-bench-web-'));
  const server = await startServer(dataDir);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  try {
    const { token } = (await post('/auth/login', null, { email: 'admin@clm.local', password: PASSWORD })) as {
      token: string;
    };
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    await post('/lifecycle/refresh', token, { asOf: today });
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addCookies(await webSessionCookies());
      const page = await context.newPage();
      for (const times of [cold, warm]) {
        const started = performance.now();
        await page.goto(`${BASE}/`);
        await page.locator('.chart[data-rendered]').first().waitFor({ timeout: 60_000 });
        times.push(performance.now() - started);
      }
      await context.close();
    }
    console.log(
      `web: dashboard to first chart: ${median(cold).toFixed(0)} ms median with an empty cache ` +
        `(${cold.map((t) => t.toFixed(0)).join(', ')}), ${median(warm).toFixed(0)} ms with a warm cache ` +
        `(${warm.map((t) => t.toFixed(0)).join(', ')}), ${RUNS} runs`,
    );
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
