import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type MailInbox, startMailInbox } from './mail-inbox.js';

// Invite → accept (the newcomer chooses their password) → sign in, in a real Chromium against a real
// server that sends its mail to an SMTP server started here.
const root = join(import.meta.dirname, '..');
const CHROMIUM = '/usr/bin/chromium';
const shots = join(root, 'test-output');
const ADMIN_PASSWORD = 'e2e-admin-password';
const NEWCOMER = 'li.na@example.com';
const NEWCOMER_PASSWORD = 'lantern orchard velvet';

/** A port free now: the links in e-mails must name the port the server will listen on. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

function startServer(dataDir: string, port: number, smtpUrl: string) {
  const child: ChildProcess = spawn(process.execPath, ['bin/clm.js', 'serve', '--port', String(port)], {
    cwd: root,
    env: {
      ...process.env,
      CLM_DATA_DIR: dataDir,
      CLM_ADMIN_PASSWORD: ADMIN_PASSWORD,
      CLM_DEMO: 'false',
      CLM_REFRESH_HOUR: 'off',
      CLM_SMTP_URL: smtpUrl,
      CLM_MAIL_FROM: 'CLM <clm@example.com>',
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

describe('invitation in Chromium', { skip }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'clm-invite-'));
  let inbox: MailInbox;
  let server: ReturnType<typeof startServer>;
  let browser: Browser;
  let base: string;
  let admin: Page;
  let newcomer: Page;
  let link: string;

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

  before(async () => {
    mkdirSync(shots, { recursive: true });
    inbox = await startMailInbox();
    server = startServer(dataDir, await freePort(), inbox.settings.smtpUrl);
    base = await server.url;
    // The admin's first workspace, made through the API as a script would.
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@clm.local', password: ADMIN_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const workspace = await fetch(`${base}/api/v1/workspaces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: 'Harbour Tea' }),
    });
    assert.equal(workspace.status, 201);
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
    // Two browser contexts: two people, each with their own storage.
    admin = await (await browser.newContext({ locale: 'en-US' })).newPage();
    newcomer = await (await browser.newContext({ locale: 'en-US' })).newPage();
    admin.setDefaultTimeout(15_000);
    newcomer.setDefaultTimeout(15_000);
  });

  after(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
    await new Promise((resolve) => server?.child.once('exit', resolve));
    await inbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('an admin invites by e-mail; the invitation is listed and the link arrives by mail', async () => {
    await admin.goto(`${base}/login`);
    await admin.getByLabel('E-mail').fill('admin@clm.local');
    await admin.getByLabel('Password').fill(ADMIN_PASSWORD);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await admin.getByRole('link', { name: 'Settings' }).click();
    const form = admin.getByRole('form', { name: 'Invite a user' });
    await form.getByLabel('E-mail').fill(NEWCOMER);
    await form.getByLabel('Role').selectOption('manager');
    await form.getByRole('button', { name: 'Invite a user' }).click();
    await admin.getByText(`Invitation sent to ${NEWCOMER}.`).waitFor();
    await admin.getByRole('region', { name: 'Invitations' }).getByText(NEWCOMER, { exact: true }).waitFor();
    await shot(admin, 'invite-01-sent');
    const mail = await inbox.next(NEWCOMER);
    link = /http:\/\/\S+\/invitation\?token=\S+/.exec(mail.text)?.[0] ?? '';
    assert.ok(link.startsWith(base), mail.text);
  });

  test('the newcomer opens the link, a weak password is refused, their own password signs them in', async () => {
    await newcomer.goto(link);
    await newcomer.getByRole('heading', { name: 'Join Harbour Tea' }).waitFor();
    await newcomer.getByText(`Invitation for ${NEWCOMER}, role: Manager.`).waitFor();
    await newcomer.getByLabel('Your name').fill('Li Na');
    await newcomer.getByLabel('Password').fill('password12');
    await newcomer.getByRole('button', { name: 'Create account and join' }).click();
    await newcomer.getByText('This password is too easy to guess.').waitFor();
    await shot(newcomer, 'invite-02-weak-password');
    await newcomer.getByLabel('Password').fill(NEWCOMER_PASSWORD);
    await newcomer.getByRole('button', { name: 'Create account and join' }).click();
    await newcomer.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await shot(newcomer, 'invite-03-joined');
  });

  test('after signing out, the newcomer signs in with the password they chose', async () => {
    await newcomer.getByRole('button', { name: 'Sign out' }).click();
    await newcomer.waitForURL(/\/login/);
    await newcomer.getByLabel('E-mail').fill(NEWCOMER);
    await newcomer.getByLabel('Password').fill(NEWCOMER_PASSWORD);
    await newcomer.getByRole('button', { name: 'Sign in' }).click();
    await newcomer.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await newcomer.getByRole('link', { name: 'Settings' }).click();
    await newcomer.getByText('Manager').first().waitFor();
  });

  test('the used link cannot be followed again; the admin sees the newcomer as a member', async () => {
    await newcomer.goto(link);
    await newcomer.getByText('This invitation was already accepted or withdrawn.').waitFor();
    await admin.reload();
    await admin.getByText('No open invitations.').waitFor();
    await admin.getByText(NEWCOMER, { exact: true }).waitFor();
    await shot(admin, 'invite-04-member');
  });
});
