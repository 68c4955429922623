import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type BrowserTest, SHOTS, skipWithoutChromium, startBrowserTest } from './browser.js';
import { type MailInbox, startMailInbox } from './mail-inbox.js';

// Invite → accept (the newcomer chooses their password) → sign in, in a real Chromium against a real
// server that sends its mail to an SMTP server started here.
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

describe('invitation in Chromium', { skip: skipWithoutChromium }, () => {
  let inbox: MailInbox;
  let run: BrowserTest;
  let base: string;
  let admin: Page;
  let newcomer: Page;
  let link: string;

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  before(async () => {
    inbox = await startMailInbox();
    run = await startBrowserTest({
      name: 'invite',
      port: await freePort(),
      env: {
        CLM_ADMIN_PASSWORD: ADMIN_PASSWORD,
        CLM_DEMO: 'false',
        CLM_REFRESH_HOUR: 'off',
        CLM_SMTP_URL: inbox.settings.smtpUrl,
        CLM_MAIL_FROM: 'CLM <clm@example.com>',
      },
    });
    base = run.base;
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
    // Two browser contexts: two people, each with their own storage.
    admin = await (await run.browser.newContext({ locale: 'en-US' })).newPage();
    newcomer = await (await run.browser.newContext({ locale: 'en-US' })).newPage();
    admin.setDefaultTimeout(15_000);
    newcomer.setDefaultTimeout(15_000);
  });

  after(async () => {
    await run?.close();
    await inbox?.close();
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
