import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { RunningServer } from '../src/server/start.js';
import { unpackDemoDataDir } from './demo-data-dir.js';
import { pgliteTemplatePath, unpackDataDir } from './pglite-template.js';

/**
 * What every browser test does around its steps: a server of its own on a fresh data directory, a
 * headless Chromium, and the sign-in of the first admin. The steps themselves stay in each test.
 */

const root = join(import.meta.dirname, '..');
export const CHROMIUM = '/usr/bin/chromium';
/** Where screenshots go: `test-output/` of the checkout. */
export const SHOTS = join(root, 'test-output');
/** The `skip` of a browser test's describe: the reason when there is no Chromium to run. */
export const skipWithoutChromium = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is missing (apt-get install chromium)`;

export interface BrowserTestOptions {
  /** Names the temporary data directory. */
  name: string;
  /** The server's environment beyond the test's own (CLM_ADMIN_PASSWORD, CLM_SMTP_URL…). */
  env?: Record<string, string>;
  /** The port to listen on; any free one by default. */
  port?: number;
  /**
   * Starts after the first start with the demo (test/demo-data-dir.ts): the admin, whose password is
   * DEMO_ADMIN_PASSWORD, and the demo workspace are there already, made once per run.
   */
  demo?: boolean;
  /** Writes to the data directory before the server opens it. */
  prepare?: (dataDir: string) => Promise<unknown>;
  /**
   * The server's time (see test/clock.ts): the server then runs in this process, started as `clm serve`
   * starts it, so that the test moves time forward for its requests and its jobs alike.
   */
  clock?: () => Date;
}

export interface BrowserTest {
  base: string;
  browser: Browser;
  dataDir: string;
  /** The server of this process, with its app and job runner; only when started with a `clock`. */
  server?: RunningServer;
  /** Closes Chromium, stops the server and removes the data directory. */
  close(): Promise<void>;
}

interface StartedServer {
  base: string;
  server?: RunningServer;
  stop(): Promise<void>;
}

/** Starts the server and Chromium; the server's URL once it listens. */
export async function startBrowserTest(options: BrowserTestOptions): Promise<BrowserTest> {
  mkdirSync(SHOTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), `clm-${options.name}-`));
  const removeData = () => rmSync(dataDir, { recursive: true, force: true });
  let started: StartedServer;
  try {
    // A copy of a first start with the demo, or else the migrated template (test/pglite-template.ts):
    // then the server's first start finds its schema in place instead of spending half a minute of a
    // loaded machine on the migrations. It is still a first start: no user yet, so the admin and the
    // demo workspace are made as on any other.
    if (options.demo) await unpackDemoDataDir(dataDir);
    else unpackDataDir(await pgliteTemplatePath(), dataDir);
    await options.prepare?.(dataDir);
    started = options.clock
      ? await serveInProcess(dataDir, options, options.clock)
      : await serveInChild(dataDir, options);
  } catch (error) {
    removeData();
    throw error;
  }
  const browser = await chromium
    .launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    })
    .catch(async (error: unknown) => {
      await started.stop();
      removeData();
      throw error;
    });
  return {
    base: started.base,
    browser,
    dataDir,
    server: started.server,
    async close() {
      await browser.close();
      await started.stop();
      removeData();
    },
  };
}

/**
 * `clm serve` in a child process, compiled as `npm start` runs it (bin/clm.js builds it when the sources
 * changed; the suite builds it once before): the sources through tsx cost each start a second or two of CPU.
 */
async function serveInChild(dataDir: string, options: BrowserTestOptions): Promise<StartedServer> {
  const child = spawn(process.execPath, ['bin/clm.js', 'serve', '--port', String(options.port ?? 0)], {
    cwd: root,
    env: { ...process.env, CLM_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...options.env },
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  };
  try {
    return { base: await listening(child), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The server in this process on the test's clock: the same configuration from the environment, the
 * same web build and the same start as `clm serve` (its jobs and schedules included), only the clock
 * differs. Loaded on demand: the other browser tests do not pay for the server's modules.
 */
async function serveInProcess(
  dataDir: string,
  options: BrowserTestOptions,
  clock: () => Date,
): Promise<StartedServer> {
  const { loadConfig } = await import('../src/config.js');
  const { startServer } = await import('../src/server/start.js');
  const { ensureWebBuild } = await import('../src/server/web-build.js');
  const config = loadConfig({
    ...process.env,
    CLM_DATA_DIR: dataDir,
    PORT: String(options.port ?? 0),
    // The test's own output stays readable: the server's log only says what went wrong.
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  ensureWebBuild();
  const server = await startServer(config, { clock });
  return { base: server.url, server, stop: () => server.stop() };
}

function listening(child: ChildProcess): Promise<string> {
  let output = '';
  return new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk;
      const match = /CLM listening on (http:\/\/[\d.:]+)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('exit', () => reject(new Error(`server exited:\n${output}`)));
  });
}

/**
 * Signs in on the login page through its form (by input type, so in any language) and waits until
 * the app has left it: the first sign-in of a new server also waits for its first workspace.
 */
export async function signIn(page: Page, base: string, password: string, email = 'admin@clm.local') {
  // The app's first load on a server that has just started, beside other tests on a busy machine, takes
  // longer than the steps that follow.
  await page.goto(base, { timeout: 120_000 });
  await page.waitForURL(/\/login/, { timeout: 120_000 });
  await page.locator('input[type=email]').fill(email);
  await page.locator('input[type=password]').fill(password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 120_000 });
}

/** A screenshot of the whole page in test-output/, at 1280×800 and at 390 px as `<name>-1280/-390.png`. */
export async function shotBothWidths(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: join(SHOTS, `${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(SHOTS, `${name}-390.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}
