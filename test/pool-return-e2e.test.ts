import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { JOB_SCHEMA } from '../src/jobs/install.js';
import { queues } from '../src/jobs/queues.js';
import type { RunningServer } from '../src/server/start.js';
import {
  type BrowserTest,
  shotBothWidths,
  signIn,
  skipWithoutChromium,
  startBrowserTest,
} from './browser.js';
import { testClock } from './clock.js';

// A rep's claimed customer runs out of time: the server runs on a test clock, which the test moves past
// the pool's deadline, and the product's own job returns the customer to the pool.
const ADMIN_PASSWORD = 'e2e-pool-return-password';
const REP_EMAIL = 'e2e-return-rep@example.com';
const REP_PASSWORD = 'correct horse battery';
const REP_NAME = 'Rita Rep';
const CUSTOMER = 'E2E Harbour Noodles';
const DAY_MS = 86_400_000;
const SLOW = { timeout: 30_000 };

/**
 * One run of the pool returns on the server's job runner, on the queue its schedule sends to, waited
 * for until the runner has completed it.
 */
async function runPoolReturnsJob(server: RunningServer, key: string) {
  const id = await server.app.jobs.send(queues.poolReturns.name, {}, { singletonKey: key });
  assert.ok(id, 'the pool returns job was not queued');
  for (let i = 0; i < 300; i++) {
    const { rows } = await server.database.jobSql(
      `select state::text from ${JOB_SCHEMA}.job where id = $1
       union all select state::text from ${JOB_SCHEMA}.archive where id = $1`,
      [id],
    );
    const state = (rows[0] as { state: string } | undefined)?.state;
    if (state === 'completed') return;
    assert.notEqual(state, 'failed', 'the pool returns job failed');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail('the pool returns job did not finish');
}

describe('a claimed customer goes back to the pool when its clock runs out, in Chromium', {
  skip: skipWithoutChromium,
}, () => {
  const clock = testClock();
  let run: BrowserTest;
  let server: RunningServer;
  let page: Page;
  let base: string;
  let adminToken = '';
  let customerId = '';

  /** The API as the admin, with a personal token: the clock moves on, and sessions end when idle. */
  const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const answer = await fetch(`${base}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    assert.ok(answer.status < 300, `${path}: ${answer.status} ${await answer.clone().text()}`);
    return (await answer.json()) as Record<string, unknown>;
  };

  before(async () => {
    run = await startBrowserTest({
      name: 'pool-return',
      clock: clock.now,
      env: {
        CLM_ADMIN_PASSWORD: ADMIN_PASSWORD,
        CLM_DEMO: 'false',
        CLM_REFRESH_HOUR: 'off',
        CLM_JOB_POLL_SECONDS: '0.5',
      },
    });
    assert.ok(run.server, 'a server on a test clock runs in this process');
    server = run.server;
    base = run.base;
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@clm.local', password: ADMIN_PASSWORD }),
    });
    adminToken = ((await login.json()) as { token: string }).token;
    await api('/workspaces', { method: 'POST', body: { name: 'Harbour Foods', timezone: 'UTC' } });
    adminToken = String((await api('/auth/tokens', { method: 'POST', body: { name: 'e2e' } })).token);
    // The default pool: back after 5 days without a follow-up, the owner warned 2 days before.
    const pools = (await api('/pools')) as { data: { id: string; isDefault: boolean }[] };
    const pool = pools.data.find((p) => p.isDefault);
    assert.ok(pool);
    await api(`/pools/${pool.id}`, {
      method: 'PATCH',
      body: { returnRules: [{ noFollowUpDays: 5 }], warnDays: 2, managerWarnDays: 0 },
    });
    const invited = await api('/invitations', { method: 'POST', body: { email: REP_EMAIL, role: 'rep' } });
    const token = new URL(String(invited.link)).searchParams.get('token');
    await api('/invitations/sign-up', {
      method: 'POST',
      body: { token, name: REP_NAME, password: REP_PASSWORD },
    });
    customerId = String(
      (
        await api('/customers?allowDuplicate=true', {
          method: 'POST',
          body: { name: CUSTOMER, ownerId: null },
        })
      ).id,
    );
    page = await run.browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    page.setDefaultTimeout(15_000);
  });

  after(() => run?.close());

  test('the rep claims the customer on the Pools page', async () => {
    await signIn(page, base, REP_PASSWORD, REP_EMAIL);
    await page.getByRole('link', { name: 'Pools' }).click();
    await page.getByLabel('Search this pool').fill(CUSTOMER);
    const row = page.getByRole('row', { name: new RegExp(CUSTOMER) });
    await row.waitFor(SLOW);
    await row.getByRole('button', { name: 'Claim' }).click();
    await page.getByText(`${CUSTOMER} is now yours.`).waitFor();
    await row.waitFor({ state: 'detached' });
    await shotBothWidths(page, 'pool-return-01-claimed');
  });

  test('My day and the customer page count the 5 days left before it goes back', async () => {
    await page.getByRole('link', { name: 'My day' }).click();
    const returning = page.getByRole('region', { name: 'Back to the pool within a week (1)' });
    await returning.getByRole('link', { name: CUSTOMER }).waitFor(SLOW);
    await returning.getByText('5 days left').waitFor();
    await shotBothWidths(page, 'pool-return-02-my-day');
    await returning.getByRole('link', { name: CUSTOMER }).click();
    const card = page.getByRole('region', { name: 'Owner' });
    await card.getByText(REP_NAME, { exact: true }).waitFor(SLOW);
    assert.match((await card.getByTestId('days-left').textContent()) ?? '', /\(in 5 days\)$/);
  });

  test('4 days on, the job warns the rep: the inbox says so and My day shows 1 day left in red', async () => {
    clock.advance(4 * DAY_MS);
    await runPoolReturnsJob(server, 'e2e-warning');
    // Four idle days end the session, as they would for the rep: they sign in again.
    await signIn(page, base, REP_PASSWORD, REP_EMAIL);
    await page.getByRole('link', { name: 'My day' }).click();
    const left = page.locator('.day-urgent', { hasText: '1 day left' });
    await left.waitFor(SLOW);
    await page.getByRole('button', { name: 'Inbox, 1 unread' }).click();
    const panel = page.getByRole('region', { name: 'Inbox' });
    await panel
      .getByRole('link', { name: new RegExp(`^${CUSTOMER} goes back to .+ unless you follow up$`) })
      .waitFor();
    await shotBothWidths(page, 'pool-return-03-warned');
    assert.notEqual((await api(`/customers/${customerId}/ownership`)).ownerId, null);
  });

  test('past the deadline the job returns it: the pool lists it again, nobody owns it', async () => {
    clock.advance(2 * DAY_MS);
    await runPoolReturnsJob(server, 'e2e-return');
    const ownership = await api(`/customers/${customerId}/ownership`);
    assert.equal(ownership.ownerId, null);
    await signIn(page, base, REP_PASSWORD, REP_EMAIL);
    await page.getByRole('link', { name: 'Pools' }).click();
    await page.getByLabel('Search this pool').fill(CUSTOMER);
    const row = page.getByRole('row', { name: new RegExp(CUSTOMER) });
    await row.getByRole('button', { name: 'Claim' }).waitFor(SLOW);
    await page.getByRole('link', { name: 'My day' }).click();
    await page.getByText('None of your customers is about to go back to the pool.').waitFor(SLOW);
  });

  test("the customer page says it is in the pool, and the owner's history says why it went back", async () => {
    await page.goto(`${base}/customers/${customerId}`);
    const card = page.getByRole('region', { name: 'Owner' });
    await card.getByText('In a pool, nobody owns it').waitFor(SLOW);
    const history = card.getByRole('region', { name: 'Owners over time' });
    await history.getByText(`Back to the pool from ${REP_NAME}: nobody followed up in time`).waitFor();
    await history.getByText(`${REP_NAME} was warned it goes back to the pool soon`).waitFor();
    await history.getByText(`${REP_NAME} claimed it`).waitFor();
    await shotBothWidths(page, 'pool-return-04-back-in-pool');
    const events = (await api(`/customers/${customerId}/ownership-events`)) as {
      data: { kind: string; fromUserId: string | null; reasonCode: string | null }[];
    };
    assert.deepEqual(
      events.data.map((e) => [e.kind, e.reasonCode]),
      [
        ['return', 'return-rule'],
        ['warning', 'return-warning'],
        ['claim', null],
      ],
    );
  });

  test('in 中文 the customer page and the pool say the same', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.goto(`${base}/customers/${customerId}`);
    const card = page.getByRole('region', { name: '负责人' });
    await card.getByText('在公海中，暂无负责人').waitFor(SLOW);
    await card.getByText(`未按时跟进，从 ${REP_NAME} 回收到公海`).waitFor();
    await shotBothWidths(page, 'pool-return-05-back-in-pool-zh');
    await page.getByRole('link', { name: '公海', exact: true }).click();
    await page
      .getByRole('row', { name: new RegExp(CUSTOMER) })
      .getByRole('button', { name: '领取' })
      .waitFor(SLOW);
    await shotBothWidths(page, 'pool-return-06-pool-zh');
  });
});
