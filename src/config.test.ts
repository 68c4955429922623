import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadConfig, secretKey } from './config.js';
import { ConfigError } from './errors.js';

test('defaults serve the embedded database on loopback port 3000', () => {
  const config = loadConfig({});
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.port, 3000);
  assert.equal(config.dataDir, './data');
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.demo, true);
  assert.equal(config.statementTimeoutMs, 60_000);
  assert.equal(config.importBatchRows, undefined);
  assert.equal(loadConfig({ CLM_IMPORT_BATCH_ROWS: '500' }).importBatchRows, 500);
});

test('empty variables count as unset', () => {
  assert.equal(loadConfig({ PORT: '', DATABASE_URL: '' }).port, 3000);
});

test('each bad value is refused with its name', () => {
  for (const [name, value] of [
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['CLM_ADMIN_EMAIL', 'not-an-email'],
    ['CLM_ADMIN_PASSWORD', 'short'],
    ['CLM_ADMIN_PASSWORD', 'password12'],
    ['CLM_ADMIN_PASSWORD', 'aaaaaaaaaa'],
    ['CLM_SMTP_URL', 'http://mail.example.com'],
    ['CLM_PUBLIC_URL', 'ftp://clm.example.com'],
    ['CLM_DEMO', 'yes'],
    ['LOG_LEVEL', 'loud'],
    ['CLM_REFRESH_HOUR', '24'],
    ['CLM_REFRESH_HOUR', 'never'],
    ['CLM_STATEMENT_TIMEOUT_MS', '-1'],
    ['CLM_IMPORT_BATCH_ROWS', '0'],
    ['CLM_TRUST_PROXY', 'yes please'],
    ['CLM_TRUST_PROXY', '1'],
    ['CLM_JOB_POLL_SECONDS', '0.1'],
    ['CLM_JOB_RETRY_SECONDS', '0'],
    ['CLM_JOB_ABANDONED_SECONDS', '1.5'],
  ]) {
    assert.throws(
      () => loadConfig({ [name]: value }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, new RegExp(`^invalid configuration: ${name} `));
        return true;
      },
    );
  }
});

test('the nightly refresh hour defaults to 2, and off turns it off', () => {
  assert.equal(loadConfig({}).refreshHour, 2);
  assert.equal(loadConfig({ CLM_REFRESH_HOUR: '0' }).refreshHour, 0);
  assert.equal(loadConfig({ CLM_REFRESH_HOUR: 'off' }).refreshHour, null);
});

test('pool returns run hourly by default, on any five-field cron, or only nightly with off', () => {
  assert.equal(loadConfig({}).poolReturnsCron, '0 * * * *');
  assert.equal(loadConfig({ CLM_POOL_RETURNS_CRON: '*/15 * * * *' }).poolReturnsCron, '*/15 * * * *');
  assert.equal(loadConfig({ CLM_POOL_RETURNS_CRON: 'off' }).poolReturnsCron, null);
  assert.throws(() => loadConfig({ CLM_POOL_RETURNS_CRON: 'hourly' }), /CLM_POOL_RETURNS_CRON/);
});

test("the job runner's pace defaults to production's: polls every 2 s, queues' own retries, 60 s", () => {
  assert.deepEqual(loadConfig({}).jobs, {
    pollSeconds: 2,
    retrySeconds: undefined,
    abandonedAfterSeconds: 60,
  });
  assert.deepEqual(
    loadConfig({ CLM_JOB_POLL_SECONDS: '0.5', CLM_JOB_RETRY_SECONDS: '1', CLM_JOB_ABANDONED_SECONDS: '2' })
      .jobs,
    { pollSeconds: 0.5, retrySeconds: 1, abandonedAfterSeconds: 2 },
  );
});

test('mail is off without CLM_SMTP_URL; with it, the sender defaults to the server name', () => {
  assert.equal(loadConfig({}).mail, undefined);
  assert.deepEqual(loadConfig({ CLM_SMTP_URL: 'smtps://u:p@mail.example.com:465' }).mail, {
    smtpUrl: 'smtps://u:p@mail.example.com:465',
    from: 'CLM <clm@mail.example.com>',
  });
  assert.throws(() => loadConfig({ CLM_MAIL_FROM: 'clm@example.com' }), ConfigError);
});

test('links in e-mails start with CLM_PUBLIC_URL, else the address served', () => {
  assert.equal(loadConfig({ PORT: '8080' }).publicUrl, 'http://127.0.0.1:8080');
  assert.equal(
    loadConfig({ CLM_PUBLIC_URL: 'https://crm.example.com/' }).publicUrl,
    'https://crm.example.com',
  );
});

test('CLM_TRUST_PROXY is off by default, else true or proxy addresses', () => {
  assert.equal(loadConfig({}).trustProxy, false);
  assert.equal(loadConfig({ CLM_TRUST_PROXY: 'true' }).trustProxy, true);
  assert.equal(loadConfig({ CLM_TRUST_PROXY: '::1' }).trustProxy, '::1');
  assert.equal(loadConfig({ CLM_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).trustProxy, '127.0.0.1,10.0.0.0/8');
});

describe('the key of stored secrets', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'clm-key-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('CLM_SECRET_KEY gives a 256-bit key of its own, and shorter than 32 characters is refused', () => {
    const a = secretKey(loadConfig({ CLM_SECRET_KEY: 'a'.repeat(32) }));
    const b = secretKey(loadConfig({ CLM_SECRET_KEY: 'b'.repeat(32) }));
    assert.equal(a.length, 32);
    assert.deepEqual(secretKey(loadConfig({ CLM_SECRET_KEY: 'a'.repeat(32) })), a);
    assert.notDeepEqual(a, b);
    assert.throws(() => loadConfig({ CLM_SECRET_KEY: 'a'.repeat(31) }), /CLM_SECRET_KEY/);
  });

  test('without it the embedded database gets a key file made once, readable by its owner only', () => {
    const config = loadConfig({ CLM_DATA_DIR: dataDir });
    const first = secretKey(config);
    assert.equal(statSync(join(dataDir, 'secret-key.txt')).mode & 0o777, 0o600);
    assert.deepEqual(secretKey(config), first, 'the second start reads the same key');
  });

  test('without it PostgreSQL is refused with the variable to set', () => {
    const config = loadConfig({ CLM_DATA_DIR: dataDir, DATABASE_URL: 'postgres://db/clm' });
    assert.throws(
      () => secretKey(config),
      (error) => error instanceof ConfigError && /CLM_SECRET_KEY/.test(error.message),
    );
  });
});
