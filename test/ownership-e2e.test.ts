import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type BrowserTest, SHOTS, signIn, skipWithoutChromium, startBrowserTest } from './browser.js';
import { DEMO_ADMIN_PASSWORD as PASSWORD } from './demo-data-dir.js';

// Pools, My day and the owner card in a real Chromium against a real server with the demo workspace.
const OVERFLOW = 'document.documentElement.scrollWidth - window.innerWidth';
const SLOW = { timeout: 30_000 };
const POOLED = 'E2E Pooled Tea House';

describe('pools, my day and owners in Chromium', { skip: skipWithoutChromium }, () => {
  let run: BrowserTest;
  let page: Page;
  let base: string;
  let customerId = '';

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  /** A request with the browser's session: its cookies and CSRF token, as the web app sends them. */
  const api = async (path: string, init: RequestInit = {}) => {
    const jar = new Map((await page.context().cookies(base)).map((c) => [c.name, c]));
    const cookie = [...jar.values()].map((c) => `${c.name}=${c.value}`).join('; ');
    return fetch(`${base}/api/v1${path}`, {
      ...init,
      headers: {
        cookie,
        'x-csrf-token': jar.get('clm_csrf')?.value ?? '',
        'content-type': 'application/json',
        ...init.headers,
      },
    });
  };

  before(async () => {
    run = await startBrowserTest({ name: 'web-owner', demo: true });
    base = run.base;
    page = await run.browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    page.setDefaultTimeout(10_000);
  });

  after(() => run?.close());

  test('signed in, a customer without an owner waits in the default pool', async () => {
    await signIn(page, base, PASSWORD);
    const created = await api('/customers?allowDuplicate=true', {
      method: 'POST',
      body: JSON.stringify({ name: POOLED, ownerId: null, phones: ['13812345678'] }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    customerId = ((await created.json()) as { id: string }).id;
  });

  test('the Pools page lists it and claims it; it then leaves the pool', async () => {
    await page.getByRole('link', { name: 'Pools' }).click();
    await page.getByRole('heading', { level: 1, name: 'Public pools' }).waitFor();
    await page.getByLabel('Search this pool').fill(POOLED);
    const row = page.getByRole('row', { name: new RegExp(POOLED) });
    await row.waitFor(SLOW);
    await shot('ownership-01-pool');
    await row.getByRole('button', { name: 'Claim' }).click();
    await page.getByText(`${POOLED} is now yours.`).waitFor();
    await row.waitFor({ state: 'detached' });
    await page.getByText('No customer is waiting in this pool.').waitFor();
  });

  test('the customer page names the owner, and a release with a reason puts it back in the pool', async () => {
    await page.goto(`${base}/customers/${customerId}`);
    const card = page.getByRole('region', { name: 'Owner' });
    await card.getByText('Owned since').waitFor(SLOW);
    await card.getByRole('button', { name: 'Release to the pool' }).click();
    const form = card.getByRole('form', { name: 'Release to the pool' });
    await form.getByLabel('Reason').fill('Moved to another city');
    await form.getByRole('button', { name: 'Release to the pool' }).click();
    await card.getByText('In a pool, nobody owns it').waitFor();
    await shot('ownership-02-released');
    const ownership = (await (await api(`/customers/${customerId}/ownership`)).json()) as {
      ownerId: string | null;
    };
    assert.equal(ownership.ownerId, null);
  });

  test('My day opens from the navigation with its six lists', async () => {
    await page.getByRole('link', { name: 'My day' }).click();
    await page.getByRole('heading', { level: 1, name: 'My day' }).waitFor();
    for (const title of [
      'Tasks due',
      'Follow-ups due',
      'Back to the pool within a week',
      'Given to me this week',
      'At risk of leaving',
      'Birthdays and anniversaries this week',
    ])
      await page.getByRole('heading', { name: new RegExp(`^${title} \\(\\d+\\)$`) }).waitFor();
    await shot('ownership-03-my-day');
  });

  test('a team is added in the settings and a member put in it', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    const card = page.getByRole('region', { name: 'Teams' });
    // The settings page reads members and teams first: slow when the machine is busy.
    await card.getByLabel('Team name').waitFor(SLOW);
    await card.getByLabel('Team name').fill('North');
    await card.getByRole('button', { name: 'Add team' }).click();
    await card.locator('strong', { hasText: 'North' }).waitFor();
    const select = card.getByRole('combobox', { name: 'Team of Administrator' });
    await select.selectOption({ label: 'North' });
    const members = async () =>
      ((await (await api('/members?limit=10')).json()) as { data: { name: string; teamId: string | null }[] })
        .data;
    for (let i = 0; i < 50 && !(await members()).some((m) => m.teamId); i++) await page.waitForTimeout(100);
    assert.ok((await members()).find((m) => m.name === 'Administrator')?.teamId);
    await shot('ownership-04-teams');
  });

  test('in 中文 the navigation, the pools and My day speak Chinese', async () => {
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('link', { name: '我的一天' }).click();
    await page.getByRole('heading', { level: 1, name: '我的一天' }).waitFor();
    await page.getByRole('heading', { name: /^到期任务 \(\d+\)$/ }).waitFor();
    await page.getByRole('link', { name: '公海' }).click();
    await page.getByRole('heading', { level: 1, name: '公海' }).waitFor();
    await page.getByRole('button', { name: '领取' }).first().waitFor(SLOW);
    await shot('ownership-05-pools-zh');
    // The pool editor: a fault is shown beside its field in Chinese, then the rule is previewed and saved.
    await page.getByRole('button', { name: '编辑公海' }).click();
    const editor = page.getByRole('form', { name: '编辑公海 Public pool' });
    await editor.getByRole('button', { name: '添加规则' }).click();
    const rule = editor.getByRole('group', { name: '规则 1' });
    await rule.getByLabel('未跟进天数').fill('0');
    await editor.getByRole('button', { name: '保存', exact: true }).click();
    await rule.getByText('不能小于 1').waitFor();
    await rule.getByLabel('未跟进天数').fill('30');
    await editor.getByRole('button', { name: /^未来 7 天会有多少客户回到公海/ }).click();
    await editor.getByText(/^按这些规则，未来 7 天将有 \d+ 位客户回到公海。$/).waitFor();
    await shot('ownership-05b-pool-editor-zh');
    await editor.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByText('公海 Public pool 已保存。').waitFor();
    const pools = (await (await api('/pools')).json()) as {
      data: { isDefault: boolean; returnRules: unknown[] }[];
    };
    assert.deepEqual(pools.data.find((p) => p.isDefault)?.returnRules, [{ noFollowUpDays: 30 }]);
    await page.getByRole('link', { name: '设置' }).click();
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
  });

  test('on a 390 px phone screen the pool and My day fit the width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/pools', '/my-day']) {
      await page.goto(`${base}${path}`);
      await page.locator('h1').waitFor(SLOW);
      await page.locator('.card').first().waitFor();
      const overflow = await page.evaluate<number>(OVERFLOW);
      assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the screen`);
    }
    await page.goto(`${base}/pools`);
    await page.getByRole('button', { name: 'Edit pool' }).click();
    await page.getByRole('button', { name: 'Add a limit' }).click();
    await page.getByRole('button', { name: 'Add a rule' }).click();
    const overflow = await page.evaluate<number>(OVERFLOW);
    assert.ok(overflow <= 0, `the pool editor is ${overflow}px wider than the screen`);
    await shot('ownership-07-phone-pool-editor');
    await shot('ownership-06-phone-my-day');
  });
});
