import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addMember,
  databaseTargets,
  freshPostgres,
  type Session,
  signUp,
  startApi,
  type TestApi,
} from '../../test/support.js';
import { scheduleNightlyRefresh } from '../lifecycle/nightly.js';
import { queues } from './queues.js';
import { type Jobs, startJobs } from './runner.js';

for (const target of databaseTargets) {
  describe(`GET /api/v1/jobs on ${target.name}`, () => {
    let api: TestApi;
    let admin: Session;
    let jobs: Jobs;
    let drop: (() => Promise<void>) | undefined;
    const sent: Record<string, string> = {};

    /** Waits until the job has left the queue (finished or failed for good). */
    async function settled(id: string) {
      for (let i = 0; i < 200; i++) {
        const { rows } = await api.database.jobSql('select state::text from pgboss.job where id = $1', [id]);
        if (rows[0]?.state === 'completed' || rows[0]?.state === 'failed') return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.fail(`job ${id} did not finish`);
    }

    before(async () => {
      // On PostgreSQL a database of its own: other test files' servers work the same queues and could
      // take or hold the jobs this file waits for.
      let url = target.url;
      if (url) ({ url, drop } = await freshPostgres(url));
      api = await startApi(url);
      admin = await signUp(api, 'Jobs');
      // A runner of its own, so that the test decides which jobs run: the nightly refresh only (with an
      // hour that never comes, so its tick sends nothing).
      jobs = await startJobs(api.database, { run: true, pollingIntervalSeconds: 0.5 });
      await scheduleNightlyRefresh(api.database.db, jobs, { hour: 24, now: () => new Date() });
      const send = async (key: string, queue: (typeof queues)[keyof typeof queues]['name'], data: object) => {
        const id = await jobs.send(queue, data, { retryLimit: 0 });
        assert.ok(id);
        sent[key] = id;
      };
      await send('finished', queues.nightlyRefresh.name, {
        workspaceId: admin.workspaceId,
        day: '2024-07-01',
      });
      await settled(sent.finished ?? '');
      // No such day: the refresh fails in the database, and with no retries left the job fails.
      await send('failed', queues.nightlyRefresh.name, { workspaceId: admin.workspaceId, day: '2024-02-30' });
      await settled(sent.failed ?? '');
      // Nothing in this process runs imports: the job waits.
      await send('queued', queues.importRun.name, {
        workspaceId: admin.workspaceId,
        importId: '00000000-0000-4000-8000-000000000000',
      });
    });
    after(async () => {
      await jobs.stop();
      await api.close();
      await drop?.();
    });

    test('an admin sees the workspace jobs newest first: queued, failed with its error, finished', async () => {
      const res = await admin.request({ method: 'GET', url: '/api/v1/jobs?count=true' });
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.body.data.map((j: { id: string; state: string; name: string }) => [j.id, j.state, j.name]),
        [
          [sent.queued, 'queued', 'imports.run'],
          [sent.failed, 'failed', 'lifecycle.nightly-refresh'],
          [sent.finished, 'finished', 'lifecycle.nightly-refresh'],
        ],
      );
      assert.equal(res.body.total, 3);
      const [queued, failed, finished] = res.body.data;
      assert.match(failed.error, /date\/time field value out of range/);
      assert.equal(failed.failures, 1);
      assert.equal(typeof failed.finishedAt, 'string');
      assert.equal(finished.error, null);
      assert.ok(finished.startedAt && finished.finishedAt);
      assert.deepEqual(queued.data, {
        workspaceId: admin.workspaceId,
        importId: '00000000-0000-4000-8000-000000000000',
      });
      assert.equal(queued.startedAt, null);
    });

    test('filters by state and name, and pages with a cursor', async () => {
      const failed = await admin.request({ method: 'GET', url: '/api/v1/jobs?state=failed' });
      assert.deepEqual(
        failed.body.data.map((j: { id: string }) => j.id),
        [sent.failed],
      );
      const imports = await admin.request({ method: 'GET', url: '/api/v1/jobs?name=imports.run' });
      assert.deepEqual(
        imports.body.data.map((j: { id: string }) => j.id),
        [sent.queued],
      );
      const first = await admin.request({ method: 'GET', url: '/api/v1/jobs?limit=2' });
      assert.equal(first.body.data.length, 2);
      assert.ok(first.body.nextCursor);
      const second = await admin.request({
        method: 'GET',
        url: `/api/v1/jobs?limit=2&cursor=${first.body.nextCursor}`,
      });
      assert.deepEqual(
        second.body.data.map((j: { id: string }) => j.id),
        [sent.finished],
      );
      assert.equal(second.body.nextCursor, null);
    });

    test('an unknown state or queue is a 400 naming the parameter', async () => {
      const state = await admin.request({ method: 'GET', url: '/api/v1/jobs?state=sleeping' });
      assert.equal(state.status, 400);
      assert.match(String(state.headers['content-type']), /^application\/problem\+json/);
      assert.ok(JSON.stringify(state.body).includes('state'));
      const name = await admin.request({ method: 'GET', url: '/api/v1/jobs?name=nope' });
      assert.equal(name.status, 400);
      assert.ok(JSON.stringify(name.body).includes('name'));
    });

    test('a member who is no admin gets a problem+json 403; another workspace sees none of these jobs', async () => {
      const rep = await addMember(api, admin, 'rep');
      const denied = await rep.request({ method: 'GET', url: '/api/v1/jobs' });
      assert.equal(denied.status, 403);
      assert.match(String(denied.headers['content-type']), /^application\/problem\+json/);
      const other = await signUp(api, 'Other');
      const theirs = await other.request({ method: 'GET', url: '/api/v1/jobs' });
      assert.equal(theirs.status, 200);
      assert.deepEqual(theirs.body.data, []);
    });

    test('the endpoint is in the OpenAPI document', async () => {
      const doc = (await api.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
      const get = doc.paths['/api/v1/jobs']?.get;
      assert.ok(get);
      assert.deepEqual(get.parameters.map((p: { name: string }) => p.name).sort(), [
        'count',
        'cursor',
        'limit',
        'name',
        'state',
      ]);
    });
  });
}
