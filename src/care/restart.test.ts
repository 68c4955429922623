import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureCliBuild } from '../../scripts/build-cli.js';
import { type MailInbox, startMailInbox } from '../../test/mail-inbox.js';
import {
  databaseTargets,
  freshPostgres,
  openTestDatabase,
  type Session,
  signUp,
  type TestApi,
} from '../../test/support.js';
import { buildApp } from '../http/app.js';

/**
 * Exactly-once delivery through a restart, with a real server process and a real SMTP server: the
 * server is stopped, or killed with SIGKILL, while an e-mail is at the SMTP server waiting for its
 * answer, then started again on the same database.
 */

const root = join(import.meta.dirname, '..', '..');
const ABANDONED_SECONDS = 2;
const noConsent = { email: false, sms: false, phone: false, wechat: false, post: false };
// The compiled server (scripts/build-cli.js), as `clm serve` runs it: Node starts it in a fraction of
// the time loading the TypeScript on the fly takes.
const SERVE = `
import { loadConfig } from './dist/config.js';
import { startServer } from './dist/server/start.js';
const server = await startServer(loadConfig());
process.stdout.write('listening on ' + server.url + '\\n');
process.once('SIGTERM', () => server.stop().then(() => process.exit(0)));
`;

interface Server {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function serve(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', SERVE], {
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
  // A deadline, not a pace: on a busy machine a start can take a minute.
  for (let i = 0; i < 1800; i++) {
    const url = /listening on (http:\/\/[\d.:]+)/.exec(output)?.[1];
    if (url) return { child, url, exited, output: () => output };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not start:\n${output}`);
}

// The databases side by side: each has its own folder, SMTP server and servers, and most of a run is
// waiting for servers to start, stop and settle.
describe('care delivery through a server restart', { concurrency: true }, () => {
  for (const target of databaseTargets) {
    // One test after the other: the second takes its e-mails to the server the first restarted.
    describe(`on ${target.name}`, { concurrency: 1 }, () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'clm-care-restart-'));
      // On PostgreSQL a database of its own: the servers' job workers would take other test files' e-mails
      // from a shared queue, and send them to this test's SMTP server.
      let own: Awaited<ReturnType<typeof freshPostgres>> | undefined;
      let inbox: MailInbox;
      // The second e-mail of a run waits at the SMTP server until the test decides its answer.
      let arrivals = 0;
      let stalled: (to: string[]) => void = () => {};
      let answer: (accept: boolean) => void = () => {};
      const env = () => ({
        // Quick polls, retries and sweeps: the waits are the runner's, not what the test proves.
        CLM_JOB_POLL_SECONDS: '0.5',
        CLM_JOB_RETRY_SECONDS: '1',
        CLM_JOB_ABANDONED_SECONDS: String(ABANDONED_SECONDS),
        CLM_DATA_DIR: dataDir,
        CLM_SMTP_URL: inbox.settings.smtpUrl,
        CLM_SECRET_KEY: 'a-test-key-of-at-least-thirty-two-characters',
        ...(own ? { DATABASE_URL: own.url } : {}),
      });
      before(async () => {
        await ensureCliBuild();
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
      /** The server left running by the first test, which the second takes its e-mails to: one start fewer. */
      let running: Server | undefined;
      after(async () => {
        if (running && running.child.exitCode === null && running.child.signalCode === null) {
          running.child.kill('SIGTERM');
          await running.exited;
        }
        await inbox.close();
        await own?.drop();
        rmSync(dataDir, { recursive: true, force: true });
      });

      /** The owner of a workspace with care set up, written before any server runs. */
      let owner: Session;
      before(async () => {
        // The embedded database's folder starts from the migrated template (then is the one the servers open).
        if (target.url) own = await freshPostgres(target.url);
        const database = await openTestDatabase({ url: own?.url, dataDir: own ? undefined : dataDir });
        const api: TestApi = {
          app: await buildApp(database, { logLevel: 'silent' }),
          database,
          close: async () => {},
        };
        try {
          await api.app.ready();
          owner = await signUp(api, 'Restart');
          const settings = await owner.request({
            method: 'PUT',
            url: '/api/v1/care/settings',
            headers: { 'if-match': '"1"' },
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
        } finally {
          await api.app.close();
          await database.close();
        }
      });

      /** Sends a request to the running server as the owner; the parsed JSON answer. */
      async function call(server: Server, method: string, path: string, body?: object, ifMatch?: string) {
        const res = await fetch(`${server.url}/api/v1${path}`, {
          method,
          headers: {
            authorization: `Bearer ${owner.token}`,
            'clm-workspace': owner.workspaceId,
            ...(body ? { 'content-type': 'application/json' } : {}),
            ...(ifMatch ? { 'if-match': ifMatch } : {}),
          },
          body: body && JSON.stringify(body),
        });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : null };
      }

      /**
       * A birthday rule due today for three customers, enabled once they exist, and the day evaluated now
       * (through the running server): three e-mails go out.
       */
      async function arrange(server: Server, name: string) {
        const rule = await call(server, 'POST', '/care/rules', {
          names: { en: name, 'zh-CN': name },
          enabled: false,
          trigger: { type: 'birthday', calendar: 'solar' },
          // This test's customers only: the other test's share the workspace and the birthday.
          conditions: { tagsAny: [name] },
          actions: [
            {
              type: 'email',
              subject: { en: 'Happy birthday {{ customer.name }}', 'zh-CN': '生日快乐' },
              body: { en: 'All the best.', 'zh-CN': '祝好。' },
            },
          ],
        });
        assert.equal(rule.status, 201, JSON.stringify(rule.body));
        const ruleId: string = rule.body.id;
        const { day } = (await call(server, 'GET', `/care/rules/${ruleId}/preview`)).body;
        const emails: string[] = [];
        for (const n of [1, 2, 3]) {
          const email = `${name.toLowerCase()}.${n}.${Date.now()}@example.com`;
          const created = await call(server, 'POST', '/customers', {
            name: `${name} ${n}`,
            emails: [email],
            birthday: `1990-${day.slice(5)}`,
            consent: { ...noConsent, email: true },
            tags: [name],
          });
          assert.equal(created.status, 201, JSON.stringify(created.body));
          emails.push(email);
        }
        const enabled = await call(
          server,
          'PATCH',
          `/care/rules/${ruleId}`,
          { enabled: true },
          `"${rule.body.version}"`,
        );
        assert.equal(enabled.status, 200, JSON.stringify(enabled.body));
        // Evaluated here or by the runner's tick, whichever comes first: the day's run row makes it once.
        assert.equal((await call(server, 'POST', '/care/evaluations')).status, 200);
        return { ruleId, emails };
      }

      /** The rule's message log through the running server, once no message is left queued or sending. */
      async function settledLog(server: Server, ruleId: string) {
        type Log = { status: string; reason: string | null; customerId: string }[];
        let log: Log = [];
        for (let i = 0; i < 480; i++) {
          log = (await call(server, 'GET', `/care/messages?ruleId=${ruleId}`)).body.data;
          if (log.length === 3 && log.every((m) => !['queued', 'held', 'sending'].includes(m.status)))
            return log;
          await new Promise((r) => setTimeout(r, 250));
        }
        throw new Error(`the messages did not settle: ${JSON.stringify(log)}\n${server.output()}`);
      }

      const received = (email: string) => inbox.messages.filter((m) => m.to.includes(email)).length;

      test('a server stopped while an e-mail is on its way finishes it; after the restart each e-mail is sent once', async () => {
        arrivals = 0;
        const waiting = new Promise<string[]>((resolve) => {
          stalled = resolve;
        });
        const first = await serve(env());
        const { ruleId, emails } = await arrange(first, 'Stopped');
        await waiting;
        first.child.kill('SIGTERM');
        // The stop waits for the send under way: the SMTP server answers only now.
        setTimeout(() => answer(true), 300);
        assert.equal(await first.exited, 0);

        const second = await serve(env());
        running = second;
        const log = await settledLog(second, ruleId);
        assert.deepEqual(
          log.map((m) => m.status),
          ['sent', 'sent', 'sent'],
        );
        // A little longer, for a late duplicate to show.
        await new Promise((r) => setTimeout(r, 2000));
        assert.deepEqual(emails.map(received), [1, 1, 1]);
      });

      test('a server killed while an e-mail waits for the SMTP answer never sends it twice', async () => {
        arrivals = 0;
        const waiting = new Promise<string[]>((resolve) => {
          stalled = resolve;
        });
        // A restarted server, as the first test left it, or a new one when that test failed before.
        const first = running ?? (await serve(env()));
        const { ruleId, emails } = await arrange(first, 'Killed');
        const [interrupted] = await waiting;
        first.child.kill('SIGKILL');
        await first.exited;
        // The sender died before the server's answer: the message was not delivered.
        answer(false);
        // Its messages fall silent long enough for the next server's sweep to take them for abandoned.
        await new Promise((r) => setTimeout(r, ABANDONED_SECONDS * 1000));

        const second = await serve(env());
        try {
          // The interrupted message is failed, not sent again: whether it arrived is unknown to CLM.
          const log = await settledLog(second, ruleId);
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
});
