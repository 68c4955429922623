import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Database, openDatabase } from '../db/database.js';
import { createUser } from '../users/service.js';
import { buildApp } from './app.js';

describe('request logs', () => {
  const lines: string[] = [];
  let database: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  before(async () => {
    database = await openDatabase({});
    app = await buildApp(database, { logLevel: 'trace', logStream: { write: (line) => lines.push(line) } });
    await createUser(database.db, { email: 'log.user@example.com', password: 'secret password 42' });
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('never contain tokens, passwords, phones or e-mails', async () => {
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'log.user@example.com', password: 'secret password 42' },
    });
    const { token } = login.json();
    const headers = { authorization: `Bearer ${token}` };
    const ws = await app.inject({
      method: 'POST',
      url: '/api/v1/workspaces',
      headers,
      payload: { name: 'Logs' },
    });
    await app.inject({
      method: 'GET',
      url: '/api/v1/customers?q=13812345678&q2=log.user@example.com',
      headers: { ...headers, 'clm-workspace': ws.json().id },
    });
    app.log.info(
      { body: { password: 'secret password 42', phones: ['+8613812345678'], email: 'x@y.z' } },
      'probe',
    );
    const log = lines.join('');
    assert.ok(lines.length > 3, 'requests were logged');
    for (const secret of [token, 'secret password 42', '13812345678', 'log.user@example.com', 'x@y.z']) {
      assert.ok(!log.includes(secret), `the log contains ${secret}`);
    }
  });
});
