import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openTestDatabase } from '../../test/support.js';
import type { Database } from '../db/database.js';
import { buildApp } from './app.js';

describe('security headers', () => {
  const root = mkdtempSync(join(tmpdir(), 'clm-web-root-'));
  let database: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  before(async () => {
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    database = await openTestDatabase({});
    app = await buildApp(database, { webRoot: root });
  });
  after(async () => {
    await app.close();
    await database.close();
    rmSync(root, { recursive: true, force: true });
  });

  const pages = {
    'an API answer': '/api/v1/health',
    'an API error': '/api/v1/customers',
    "the web app's index": '/customers',
    'the API docs': '/api/docs/',
    "the API docs' script": '/api/docs/static/swagger-initializer.js',
  };

  for (const [what, url] of Object.entries(pages)) {
    test(`${what} forbids framing, sniffing, referrers and foreign scripts`, async () => {
      const res = await app.inject({ method: 'GET', url });
      assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /(^|;)default-src 'self'(;|$)/);
      assert.match(csp, /(^|;)script-src 'self'(;|$)/, 'no inline or foreign script');
      assert.match(csp, /(^|;)frame-ancestors 'none'(;|$)/);
      assert.match(csp, /(^|;)object-src 'none'(;|$)/);
      assert.doesNotMatch(csp, /upgrade-insecure-requests/, 'plain http on a local network keeps working');
      assert.equal(res.headers['x-frame-options'], 'DENY');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['referrer-policy'], 'no-referrer');
    });
  }
});
