import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type BrowserTest, SHOTS, signIn, skipWithoutChromium, startBrowserTest } from './browser.js';
import { DEMO_ADMIN_PASSWORD as PASSWORD } from './demo-data-dir.js';

// The header's inbox and the return rule editor's newer fields in a real Chromium against a real server.
const SLOW = { timeout: 30_000 };

describe('the inbox and the return rule editor in Chromium', { skip: skipWithoutChromium }, () => {
  let run: BrowserTest;
  let page: Page;
  let base: string;
  let managerToken = '';
  let lineId = '';

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  /** A request with the browser's session (its cookies and CSRF token), or with a member's bearer token. */
  const api = async (path: string, init: RequestInit = {}, bearer?: string) => {
    const jar = new Map((await page.context().cookies(base)).map((c) => [c.name, c]));
    const cookie = [...jar.values()].map((c) => `${c.name}=${c.value}`).join('; ');
    const auth: Record<string, string> = bearer
      ? { authorization: `Bearer ${bearer}` }
      : { cookie, 'x-csrf-token': jar.get('clm_csrf')?.value ?? '' };
    return fetch(`${base}/api/v1${path}`, {
      ...init,
      headers: { ...auth, 'content-type': 'application/json', ...init.headers },
    });
  };
  const post = async (path: string, body: unknown, bearer?: string) => {
    const answer = await api(path, { method: 'POST', body: JSON.stringify(body) }, bearer);
    assert.ok(answer.status < 300, `${path}: ${answer.status} ${await answer.clone().text()}`);
    return (await answer.json()) as Record<string, unknown>;
  };

  before(async () => {
    run = await startBrowserTest({ name: 'web-inbox', demo: true });
    base = run.base;
    page = await run.browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    page.setDefaultTimeout(10_000);
  });

  after(() => run?.close());

  test('signed in, a manager gives the admin two pool customers with a reason each', async () => {
    await signIn(page, base, PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor(SLOW);
    const invited = await post('/invitations', { email: 'e2e-inbox-manager@example.com', role: 'manager' });
    const token = new URL(String(invited.link)).searchParams.get('token');
    const joined = await post('/invitations/sign-up', {
      token,
      name: 'Mia Manager',
      password: 'correct horse battery',
    });
    managerToken = String(joined.token);
    const me = (await (await api('/auth/me')).json()) as { id: string };
    const adminId = me.id;
    assert.ok(adminId, JSON.stringify(me));
    for (const [name, reason] of [
      ['E2E Inbox Bakery', 'They asked for you by name'],
      ['E2E Inbox Florist', 'Holiday cover'],
    ]) {
      const created = await post('/customers?allowDuplicate=true', { name, ownerId: null });
      await post(`/customers/${created.id}/assign`, { ownerId: adminId, reason }, managerToken);
    }
  });

  test('the header counts two unread; the list says who gave which and why', async () => {
    await page.reload();
    const button = page.getByRole('button', { name: 'Inbox, 2 unread' });
    await button.waitFor(SLOW);
    assert.equal(await button.locator('.inbox-count').textContent(), '2');
    await button.click();
    const panel = page.getByRole('region', { name: 'Inbox' });
    await panel.getByRole('link', { name: 'Mia Manager gave you E2E Inbox Bakery' }).waitFor();
    await panel.getByText('Why: They asked for you by name').waitFor();
    await panel.getByRole('link', { name: 'Mia Manager gave you E2E Inbox Florist' }).waitFor();
    await panel.getByText('Why: Holiday cover').waitFor();
    await shot('inbox-01-list');
  });

  test('opening a message marks it read and leads to its customer; "Mark all read" clears the count', async () => {
    const panel = page.getByRole('region', { name: 'Inbox' });
    await panel.getByRole('link', { name: 'Mia Manager gave you E2E Inbox Florist' }).click();
    await page.getByRole('heading', { level: 1, name: 'E2E Inbox Florist' }).waitFor(SLOW);
    await page.getByRole('button', { name: 'Inbox, 1 unread' }).waitFor();
    await page.getByRole('button', { name: 'Inbox, 1 unread' }).click();
    await page.getByRole('region', { name: 'Inbox' }).getByRole('button', { name: 'Mark all read' }).click();
    const cleared = page.getByRole('button', { name: 'Inbox, 0 unread' });
    await cleared.waitFor();
    assert.equal(await cleared.locator('.inbox-count').count(), 0);
    const inbox = (await (await api('/me/notifications')).json()) as { unread: number; data: unknown[] };
    assert.deepEqual([inbox.unread, inbox.data.length], [0, 2]);
  });

  test('in 中文 the same messages read in Chinese', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    const button = page.getByRole('button', { name: '消息，0 条未读' });
    await button.waitFor();
    const panel = page.getByRole('region', { name: '消息' });
    if (!(await panel.isVisible())) await button.click();
    await panel.getByRole('link', { name: 'Mia Manager 把客户 E2E Inbox Bakery 交给了你' }).waitFor();
    await panel.getByText('原因：They asked for you by name').waitFor();
    await shot('inbox-02-list-zh');
    // The account stores the language after the page has switched: until then it still says English.
    const locale = async () => ((await (await api('/auth/me')).json()) as { locale: string }).locale;
    const stored = async (language: string) => {
      for (let i = 0; i < 300 && (await locale()) !== language; i++) await page.waitForTimeout(100);
      assert.equal(await locale(), language);
    };
    await stored('zh-CN');
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await page.getByRole('button', { name: 'Inbox, 0 unread' }).waitFor();
    await stored('en');
  });

  test('the return rule editor sets a business line, a CLV band and the days the managers hear', async () => {
    lineId = String((await post('/business-lines', { name: 'E2E Tea' })).id);
    await page.goto(`${base}/pools`);
    await page.getByRole('button', { name: 'Edit pool' }).click(SLOW);
    const editor = page.getByRole('form', { name: 'Edit the pool Public pool' });
    await editor.getByRole('button', { name: 'Add a rule' }).click();
    const rule = editor.getByRole('group', { name: 'Rule 1' });
    await rule.getByLabel('Bought in business line').selectOption({ label: 'E2E Tea' });
    await rule.getByLabel('CLV from').fill('5000');
    await rule.getByLabel('CLV below').fill('1000');
    await rule.getByLabel('Days without a follow-up').fill('14');
    await editor.getByLabel('Warn the owner this many days before a return').fill('3');
    await editor.getByLabel("Then warn the owner's team managers this many days before").fill('5');
    await editor.getByRole('button', { name: 'Save', exact: true }).click();
    // Both faults beside their fields, before any request.
    await rule.getByText('must be above the minimum').waitFor();
    await editor.getByText('Must be at most 3').waitFor();
    await shot('inbox-03-rule-editor-faults');
    await rule.getByLabel('CLV below').fill('20000');
    await editor.getByLabel("Then warn the owner's team managers this many days before").fill('1');
    await editor.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('The pool Public pool is saved.').waitFor();
    const pools = (await (await api('/pools')).json()) as {
      data: { isDefault: boolean; returnRules: unknown[]; warnDays: number; managerWarnDays: number }[];
    };
    const pool = pools.data.find((p) => p.isDefault);
    assert.deepEqual(pool?.returnRules, [
      { businessLineId: lineId, clvBand: { min: 5000, max: 20000 }, noFollowUpDays: 14 },
    ]);
    assert.deepEqual([pool?.warnDays, pool?.managerWarnDays], [3, 1]);
    // Opened again, the editor shows what was saved.
    await page.getByRole('button', { name: 'Edit pool' }).click();
    const again = page
      .getByRole('form', { name: 'Edit the pool Public pool' })
      .getByRole('group', { name: 'Rule 1' });
    assert.equal(await again.getByLabel('Bought in business line').inputValue(), lineId);
    assert.equal(await again.getByLabel('CLV from').inputValue(), '5000');
    assert.equal(await again.getByLabel('CLV below').inputValue(), '20000');
    await shot('inbox-04-rule-editor-saved');
  });
});
