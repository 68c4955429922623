import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildApp } from '../src/http/app.js';
import { type MailInbox, startMailInbox } from './mail-inbox.js';
import { openTestDatabase, signUp, type TestApi } from './support.js';

// The care page in a real Chromium: a rule made with the form editor (a fault shown beside its field
// first), its dry run, the next 30 days, the guards and a test e-mail through the Channels card.
const root = join(import.meta.dirname, '..');
const CHROMIUM = '/usr/bin/chromium';
const shots = join(root, 'test-output');
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

function startServer(dataDir: string, smtpUrl: string): { child: ChildProcess; url: Promise<string> } {
  // The compiled command line, which builds the web app when its sources changed.
  const child = spawn(process.execPath, ['bin/clm.js', 'serve', '--port', '0'], {
    cwd: root,
    env: {
      ...process.env,
      CLM_DATA_DIR: dataDir,
      CLM_DEMO: 'false',
      CLM_SMTP_URL: smtpUrl,
      LOG_LEVEL: 'info',
    },
  });
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk;
      const match = /CLM listening on (http:\/\/[\d.:]+)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('exit', () => reject(new Error(`server exited:\n${output}`)));
  });
  return { child, url };
}

const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (apt-get install chromium)`;

describe('care rules in Chromium', { skip }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'clm-care-e2e-'));
  let inbox: MailInbox;
  let server: ReturnType<typeof startServer>;
  let browser: Browser;
  let page: Page;
  let base: string;
  let email: string;
  const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

  before(async () => {
    mkdirSync(shots, { recursive: true });
    inbox = await startMailInbox();
    email = await prepare(dataDir);
    server = startServer(dataDir, inbox.settings.smtpUrl);
    base = await server.url;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en' });
    page.setDefaultTimeout(30_000);
  });

  after(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
    await new Promise((resolve) => server?.child.once('exit', resolve));
    await inbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
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
