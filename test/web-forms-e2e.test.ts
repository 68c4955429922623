import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type BrowserTest, SHOTS, skipWithoutChromium, startBrowserTest } from './browser.js';
import { DEMO_ADMIN_PASSWORD as PASSWORD } from './demo-data-dir.js';

// Forms and error pages in a real Chromium, in Chinese: field faults beside their fields, not-found pages.
// The texts of web/src/i18n/zh-cn.ts this test reads (that file is compiled with the web app, not here).
const zhCN = {
  login: { email: '电子邮箱', password: '密码', submit: '登录' },
  app: { nav: { dashboard: '仪表盘' } },
  customerCreate: { open: '新建客户', title: '新建客户', submit: '创建客户' },
  customer: { name: '姓名', phones: '电话', emails: '邮箱' },
  fieldError: { required: '必填', invalid_email: '电子邮箱格式不正确', invalid_phone: '电话号码无效' },
  notFound: { recordTitle: '找不到该客户', pageTitle: '页面不存在' },
  customers: { chooseColumns: '显示列', churnRisk: '流失风险', export: '导出', exportCsv: 'CSV 文件' },
};

describe('forms and error pages in Chromium', { skip: skipWithoutChromium }, () => {
  let run: BrowserTest;
  let page: Page;
  let base: string;
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  before(async () => {
    run = await startBrowserTest({ name: 'forms', demo: true });
    base = run.base;
    page = await run.browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    page.setDefaultTimeout(30_000);
  });

  after(() => run?.close());

  test('signs in in Chinese', async () => {
    await page.goto(base);
    await page.waitForURL(/\/login/);
    await page.getByLabel(zhCN.login.email).fill('admin@clm.local');
    await page.getByLabel(zhCN.login.password).fill(PASSWORD);
    await page.getByRole('button', { name: zhCN.login.submit }).click();
    // The first sign-in opens the demo workspace's dashboard, slow while another browser test runs beside it.
    await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 120_000 });
    // The account's language wins once its profile is read (a new account's is English), so the account is
    // set to Chinese, and the dashboard read again in it.
    const csrf = (await page.context().cookies(base)).find((c) => c.name === 'clm_csrf')?.value ?? '';
    const res = await page.request.patch(`${base}/api/v1/me`, {
      data: { locale: 'zh-CN' },
      headers: { 'x-csrf-token': csrf },
    });
    assert.equal(res.status(), 200);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: zhCN.app.nav.dashboard }).waitFor({ timeout: 120_000 });
  });

  test('a new customer with faults shows each beside its field in Chinese, before any request', async () => {
    await page.goto(`${base}/customers`);
    await page.getByRole('button', { name: zhCN.customerCreate.open }).click();
    const form = page.getByRole('form', { name: zhCN.customerCreate.title });
    await form.getByLabel(zhCN.customer.emails).fill('not-an-address');
    await form.getByLabel(zhCN.customer.phones).fill('12');
    let posted = false;
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/v1/customers')) posted = true;
    });
    await form.getByRole('button', { name: zhCN.customerCreate.submit }).click();
    const fault = (label: string) =>
      form.locator('.field', { has: page.getByLabel(label, { exact: true }) }).locator('.field-error');
    assert.equal(await fault(zhCN.customer.name).textContent(), zhCN.fieldError.required);
    assert.equal(await fault(zhCN.customer.emails).textContent(), zhCN.fieldError.invalid_email);
    assert.equal(await fault(zhCN.customer.phones).textContent(), zhCN.fieldError.invalid_phone);
    assert.equal(posted, false);
    await shot('forms-01-create-faults-zh');
  });

  test("the server's faults are shown the same way, and a good form creates the customer", async () => {
    const form = page.getByRole('form', { name: zhCN.customerCreate.title });
    // Right shape, but no number of the workspace's region: only the server can tell.
    await form.getByLabel(zhCN.customer.name, { exact: true }).fill('表单测试客户');
    await form.getByLabel(zhCN.customer.emails).fill('form.test@example.com');
    await form.getByLabel(zhCN.customer.phones).fill('+86 123 4567');
    await form.getByRole('button', { name: zhCN.customerCreate.submit }).click();
    await form.getByText(zhCN.fieldError.invalid_phone).waitFor();
    await form.getByLabel(zhCN.customer.phones).fill('138 0013 8000');
    await form.getByRole('button', { name: zhCN.customerCreate.submit }).click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: '表单测试客户' }).waitFor();
  });

  test('a column chosen for the list is kept with the account, and the list downloads as a file', async () => {
    await page.goto(`${base}/customers`);
    const risk = page.getByRole('columnheader', { name: zhCN.customers.churnRisk });
    assert.equal(await risk.count(), 0, 'not a default column');
    await page.getByText(zhCN.customers.chooseColumns, { exact: true }).first().click();
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/preferences') && r.ok());
    // A click, then the ticked box awaited: the list's choice is stored data that follows a moment after the
    // click, and check() looks at the box at once.
    await page.getByRole('checkbox', { name: zhCN.customers.churnRisk }).click();
    await page.getByRole('checkbox', { name: zhCN.customers.churnRisk, checked: true }).waitFor();
    await saved;
    await page.reload();
    await risk.waitFor();
    await shot('forms-04-customer-columns-zh');
    await page.getByText(zhCN.customers.export, { exact: true }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: zhCN.customers.exportCsv }).click();
    assert.match((await download).suggestedFilename(), /^customers-\d{4}-\d{2}-\d{2}\.csv$/);
  });

  test('a malformed customer link and an unknown page each get a page in Chinese', async () => {
    await page.goto(`${base}/customers/not-a-uuid`);
    await page.getByRole('heading', { level: 1, name: zhCN.notFound.recordTitle }).waitFor();
    assert.equal(await page.getByText('Invalid UUID').count(), 0);
    await shot('forms-02-bad-customer-link-zh');
    await page.goto(`${base}/no/such/page`);
    await page.getByRole('heading', { level: 1, name: zhCN.notFound.pageTitle }).waitFor();
    assert.equal(await page.getByText('Not Found', { exact: true }).count(), 0);
    await shot('forms-03-unknown-page-zh');
  });
});
