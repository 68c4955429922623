import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type MailInbox, startMailInbox } from '../../test/mail-inbox.js';
import { databaseTargets, type Session, signUp, type TestApi } from '../../test/support.js';
import { openDatabase } from '../db/database.js';
import { buildApp } from '../http/app.js';

/**
 * Exactly-once delivery through a restart, with a real server process and a real SMTP server: the
 * server is stopped, or killed with SIGKILL, while an e-mail is at the SMTP server waiting for its
 * answer, then started again on the same database.
 */

const root = join(import.meta.dirname, '..', '..');
const noConsent = { email: false, sms: false, phone: false, wechat: false, post: false };
const SERVE = `
import { loadConfig } from './src/config.ts';
import { startServer } from './src/server/start.ts';
const server = await startServer(loadConfig());
process.stdout.write('listening on ' + server.url + '\\n');
process.once('SIGTERM', () => server.stop().then(() => process.exit(0)));
`;

interface Server {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

async function serve(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SERVE], {
    cwd: root,
    env: { ...process.env, CLM_DEMO: 'false', LOG_LEVEL: 'warn', PORT: '0', ...env },
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  for (let i = 0; i < 600; i++) {
    const url = /listening on (http:\/\/[\d.:]+)/.exec(output)?.[1];
    if (url) return { child, url, exited };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not start:\n${output}`);
}

for (const target of databaseTargets) {
  describe(`care delivery through a server restart on ${target.name}`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'clm-care-restart-'));
    let inbox: MailInbox;
    // The second e-mail of a run waits at the SMTP server until the test decides its answer.
    let arrivals = 0;
    let stalled: (to: string[]) => void = () => {};
    let answer: (accept: boolean) => void = () => {};
    const env = () => ({
      CLM_DATA_DIR: dataDir,
      CLM_SMTP_URL: inbox.settings.smtpUrl,
      CLM_SECRET_KEY: 'a-test-key-of-at-least-thirty-two-characters',
      ...(target.url ? { DATABASE_URL: target.url } : {}),
    });
    before(async () => {
      inbox = await startMailInbox({
        accept: (to) => {
          arrivals++;
          if (arrivals !== 2) return Promise.resolve(true);
          return new Promise<boolean>((resolve) => {
            answer = resolve;
            stalled(to);
          });
        },
      });
    });
    after(async () => {
      await inbox.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    /** A workspace with a birthday rule due today for three customers, written with no server running. */
    async function prepare(name: string) {
      const database = await openDatabase({ url: target.url, dataDir: target.url ? undefined : dataDir });
      const api: TestApi = {
        app: await buildApp(database, { logLevel: 'silent' }),
        database,
        close: async () => {
          await api.app.close();
          await database.close();
        },
      };
      try {
        await api.app.ready();
        const owner = await signUp(api, name);
        const settings = await owner.request({
          method: 'PUT',
          url: '/api/v1/care/settings',
          payload: {
            paused: false,
            quietStart: 0,
            quietEnd: 0,
            capMessages: 5,
            capDays: 7,
            webhookAllowedHosts: [],
          },
        });
        assert.equal(settings.status, 200, JSON.stringify(settings.body));
        const rule = await owner.request({
          method: 'POST',
          url: '/api/v1/care/rules',
          payload: {
            names: { en: 'Birthday', 'zh-CN': '生日' },
            enabled: false,
            trigger: { type: 'birthday', calendar: 'solar' },
            actions: [
              {
                type: 'email',
                subject: { en: 'Happy birthday {{ customer.name }}', 'zh-CN': '生日快乐' },
                body: { en: 'All the best.', 'zh-CN': '祝好。' },
              },
            ],
          },
        });
        const ruleId: string = rule.body.id;
        const { day } = (await owner.request({ method: 'GET', url: `/api/v1/care/rules/${ruleId}/preview` }))
          .body;
        const emails: string[] = [];
        for (const n of [1, 2, 3]) {
          const email = `${name.toLowerCase()}.${n}.${Date.now()}@example.com`;
          const created = await owner.request({
            method: 'POST',
            url: '/api/v1/customers',
            payload: {
              name: `${name} ${n}`,
              emails: [email],
              birthday: `1990-${day.slice(5)}`,
              consent: { ...noConsent, email: true },
            },
          });
          assert.equal(created.status, 201, JSON.stringify(created.body));
          emails.push(email);
        }
        const enabled = await owner.request({
          method: 'PATCH',
          url: `/api/v1/care/rules/${ruleId}`,
          headers: { 'if-match': `"${rule.body.version}"` },
          payload: { enabled: true },
        });
        assert.equal(enabled.status, 200, JSON.stringify(enabled.body));
        return { owner, ruleId, emails };
      } finally {
        await api.close();
      }
    }

    /** The rule's message log through the running server, once no message is left queued or sending. */
    async function settledLog(server: Server, owner: Session, ruleId: string) {
      for (let i = 0; i < 400; i++) {
        const res = await fetch(`${server.url}/api/v1/care/messages?ruleId=${ruleId}`, {
          headers: { authorization: `Bearer ${owner.token}`, 'clm-workspace': owner.workspaceId },
        });
        const log = ((await res.json()) as { data: { status: string; reason: string | null }[] }).data;
        if (log.length === 3 && log.every((m) => !['queued', 'held', 'sending'].includes(m.status)))
          return log as { status: string; reason: string | null; customerId: string }[];
        await new Promise((r) => setTimeout(r, 500));
      }
      throw new Error('the messages did not settle');
    }

    const received = (email: string) => inbox.messages.filter((m) => m.to.includes(email)).length;

    test('a server stopped while an e-mail is on its way finishes it; after the restart each e-mail is sent once', async () => {
      arrivals = 0;
      const { owner, ruleId, emails } = await prepare('Stopped');
      const waiting = new Promise<string[]>((resolve) => {
        stalled = resolve;
      });
      const first = await serve(env());
      await waiting;
      first.child.kill('SIGTERM');
      // The stop waits for the send under way: the SMTP server answers only now.
      setTimeout(() => answer(true), 300);
      assert.equal(await first.exited, 0);

      const second = await serve(env());
      try {
        const log = await settledLog(second, owner, ruleId);
        assert.deepEqual(
          log.map((m) => m.status),
          ['sent', 'sent', 'sent'],
        );
        // A little longer, for a late duplicate to show.
        await new Promise((r) => setTimeout(r, 2000));
        assert.deepEqual(emails.map(received), [1, 1, 1]);
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
    });

    test('a server killed while an e-mail waits for the SMTP answer never sends it twice', async () => {
      arrivals = 0;
      const { owner, ruleId, emails } = await prepare('Killed');
      const waiting = new Promise<string[]>((resolve) => {
        stalled = resolve;
      });
      const first = await serve(env());
      const [interrupted] = await waiting;
      first.child.kill('SIGKILL');
      await first.exited;
      // The sender died before the server's answer: the message was not delivered.
      answer(false);

      const second = await serve(env());
      try {
        // The interrupted message is failed, not sent again: whether it arrived is unknown to CLM.
        const log = await settledLog(second, owner, ruleId);
        await new Promise((r) => setTimeout(r, 2000));
        assert.deepEqual(
          emails.map(received),
          emails.map((e) => (e === interrupted ? 0 : 1)),
        );
        assert.deepEqual(log.map((m) => m.status).sort(), ['failed', 'sent', 'sent']);
        assert.match(log.find((m) => m.status === 'failed')?.reason ?? '', /interrupted while sending/);
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
    });
  });
}
