import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { openTestDatabase, testSource } from '../../test/support.js';
import type { Database } from '../db/database.js';
import { createUser } from '../users/service.js';
import { buildApp } from './app.js';

describe('request logs', () => {
  const lines: string[] = [];
  let database: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  before(async () => {
    database = await openTestDatabase({});
    app = await buildApp(database, { logLevel: 'trace', logStream: { write: (line) => lines.push(line) } });
    await createUser(database.db, { email: 'log.user@example.com', password: 'secret password 42' });
    // Statements that fail with a phone and an e-mail among their parameters and in PostgreSQL's message
    // and detail, as a bug in a route would.
    app.get('/probe/cast', { config: { auth: 'public' } }, async () => {
      await sql`select ${'+8613912345678'}::uuid as id, ${'probe.person@example.com'} as email`.execute(
        database.db,
      );
    });
    app.get('/probe/duplicate', { config: { auth: 'public' } }, async () => {
      await sql`insert into users (email, password_hash) values (${'log.user@example.com'}, ${'x'})`.execute(
        database.db,
      );
    });
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
      remoteAddress: testSource(),
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
    assert.ok(!log.includes('"query"'), 'the log holds no SQL');
    for (const secret of [token, 'secret password 42', '13812345678', 'log.user@example.com', 'x@y.z']) {
      assert.ok(!log.includes(secret), `the log contains ${secret}`);
    }
  });

  test('never contain a failed statement, its parameters or the values PostgreSQL echoes', async () => {
    const from = lines.length;
    const cast = await app.inject({ method: 'GET', url: '/probe/cast' });
    const duplicate = await app.inject({ method: 'GET', url: '/probe/duplicate' });
    assert.deepEqual([cast.statusCode, duplicate.statusCode], [500, 500]);
    const log = lines.slice(from).join('');
    for (const secret of [
      '8613912345678',
      'probe.person@example.com',
      'log.user@example.com',
      'select',
      'insert',
    ]) {
      assert.ok(!log.toLowerCase().includes(secret), `the log contains ${secret}`);
    }
    const errors = lines
      .slice(from)
      .map((line) => JSON.parse(line))
      .filter((line) => line.err)
      .map((line) => [line.err.type, line.err.code, line.err.constraint]);
    assert.deepEqual(errors, [
      ['DatabaseError', '22P02', undefined],
      ['DatabaseError', '23505', 'users_email_key'],
    ]);
  });
});
