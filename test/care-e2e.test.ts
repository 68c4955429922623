import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildApp } from '../src/http/app.js';
import { type BrowserTest, SHOTS, skipWithoutChromium, startBrowserTest } from './browser.js';
import { type MailInbox, startMailInbox } from './mail-inbox.js';
import { openTestDatabase, signUp, type TestApi } from './support.js';

// The care page in a real Chromium: a rule made with the form editor (a fault shown beside its field
// first), its dry run, the next 30 days, the guards and a test e-mail through the Channels card.
const noConsent = { email: false, sms: false, phone: false, wechat: false, post: false };

/** A workspace with one customer whose birthday is today, written before the server starts. */
async function prepare(dataDir: string) {
  const database = await openTestDatabase({ dataDir });
  const api: TestApi = {
    app: await buildApp(database, { logLevel: 'silent' }),
    database,
    close: async () => {},
  };
  try {
    await api.app.ready();
    const owner = await signUp(api, 'Care shop');
    const { email } = await database.db
      .selectFrom('users')
      .select('email')
      .where('id', '=', owner.userId)
      .executeTakeFirstOrThrow();
    // The workspace's local day, from a probe rule's dry run.
    const probe = await owner.request({
      method: 'POST',
      url: '/api/v1/care/rules/preview',
      payload: {
        names: { en: 'Probe', 'zh-CN': '探测' },
        trigger: { type: 'holiday' },
        actions: [{ type: 'add-tag', tag: 'probe' }],
      },
    });
    const day: string = probe.body.day;
    const created = await owner.request({
      method: 'POST',
      url: '/api/v1/customers',
      payload: {
        name: 'Li Na',
        emails: ['li.na@example.com'],
        birthday: `1990-${day.slice(5)}`,
        consent: { ...noConsent, email: true },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return email;
  } finally {
    await api.app.close();
    await database.close();
  }
}

describe('care rules in Chromium', { skip: skipWithoutChromium }, () => {
  let inbox: MailInbox;
  let run: BrowserTest;
  let page: Page;
  let base: string;
  let email: string;
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  before(async () => {
    inbox = await startMailInbox();
    run = await startBrowserTest({
      name: 'care-e2e',
      env: { CLM_DEMO: 'false', CLM_SMTP_URL: inbox.settings.smtpUrl },
      prepare: async (dataDir) => {
        email = await prepare(dataDir);
      },
    });
    base = run.base;
    page = await run.browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en' });
    page.setDefaultTimeout(30_000);
  });

  after(async () => {
    await run?.close();
    await inbox?.close();
  });

  test('a birthday rule made in the form editor, with a fault beside its field first and a dry run', async () => {
    await page.goto(`${base}/login`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto(`${base}/settings/care`);
    await page.getByRole('button', { name: 'New rule' }).click();
    const editor = page.locator('form.care-editor');
    await editor.getByLabel('Name (English)').fill('Birthday greeting');
    await editor.getByLabel('Name (Chinese)').fill('生日问候');
    // A second action, a task whose English title is left empty: the server names that field.
    await editor.getByRole('button', { name: 'Add an action' }).click();
    await editor.getByLabel('Task title (Chinese)').fill('打个电话');
    await editor.getByRole('button', { name: 'Save', exact: true }).click();
    const titleField = editor.locator('.field', { has: page.getByLabel('Task title (English)') });
    await titleField.locator('.field-error').waitFor();
    await shot('care-01-fault-beside-field');
    await editor.getByLabel('Task title (English)').fill('Give {{ customer.name }} a call');

    await editor.getByRole('button', { name: 'Who would it reach today?' }).click();
    await editor
      .getByRole('status')
      .getByText(/Reaches 1 customer on .*Li Na/)
      .waitFor();
    await editor.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('.care-rules').getByText('Birthday greeting').waitFor();
    await shot('care-02-rule-saved');
  });

  test('the next 30 days list the birthday, the guards save, and a test e-mail reaches the SMTP server', async () => {
    await page.getByText('The next 30 days').waitFor();
    await page.getByRole('cell', { name: 'Li Na', exact: true }).first().waitFor();

    await page.getByLabel('Quiet hours from', { exact: true }).fill('21');
    await page.getByLabel('until', { exact: true }).fill('8');
    await page.getByRole('button', { name: 'Save the guards' }).click();
    await page.getByText('Guards saved.').waitFor();

    await page.getByLabel('Send a test to').fill('owner@example.com');
    await page.getByRole('button', { name: 'Send a test' }).click();
    await page.getByText('Test e-mail sent.').waitFor();
    const mail = await inbox.next('owner@example.com');
    assert.match(mail.subject, /CLM test e-mail/);
    await shot('care-03-channels');
  });
});
