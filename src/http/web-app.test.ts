import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openTestDatabase } from '../../test/support.js';
import type { Database } from '../db/database.js';
import { buildApp } from './app.js';

describe('serving the web app', () => {
  const root = mkdtempSync(join(tmpdir(), 'clm-web-root-'));
  let database: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  before(async () => {
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    database = await openTestDatabase({});
    app = await buildApp(database, { webRoot: root });
  });
  after(async () => {
    await app.close();
    await database.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('/ and any client route answer index.html without a token, never cached', async () => {
    for (const url of ['/', '/customers/123?q=wang', '/lifecycle']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.equal(res.headers['cache-control'], 'no-cache');
      assert.match(res.body, /id="root"/);
    }
  });

  test('hashed assets are served as they are and cached for good', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, 'console.log(1)');
    assert.match(String(res.headers['cache-control']), /immutable/);
  });

  test('a path climbing out of the build folder gets index.html, not the file', async () => {
    const res = await app.inject({ method: 'GET', url: '/..%2f..%2fetc%2fpasswd' });
    assert.match(res.body, /id="root"/);
  });

  test('unknown API paths and non-GET requests stay problem+json 404s', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/nope'],
      ['GET', '/api'],
      ['POST', '/customers'],
    ] as const) {
      const res = await app.inject({ method, url });
      assert.equal(res.statusCode, 404, `${method} ${url}`);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    }
  });
});
