import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Random } from './fuzz/random.js';
import { buildRequest, type Operation, operationsOf } from './fuzz/requests.js';
import type { Pools } from './fuzz/schema-values.js';
import { workspaceChecksum } from './fuzz/workspace-checksum.js';
import {
  addMember,
  databaseTargets,
  type Session,
  signUp,
  startApi,
  type TestApi,
  testSource,
} from './support.js';

/**
 * Requests generated from the API's own OpenAPI document, valid and broken (NUL bytes, lone surrogates,
 * deep and huge JSON, extreme numbers, dates out of range, wrong types, missing fields, odd ids), sent as
 * the admin of one workspace and then as a member of another. No answer may be a 5xx, and neither
 * workspace may change while the other's user is acting. Seeded: CLM_FUZZ_SEED replays a run,
 * CLM_FUZZ_REQUESTS sets its length, CLM_FUZZ_SUMMARY=1 prints timings, slow requests and failures
 * by kind.
 */
const SEED = Number(process.env.CLM_FUZZ_SEED ?? 20261206);
const REQUESTS = Number(process.env.CLM_FUZZ_REQUESTS ?? 10_000);
/** The admin sends three quarters of the requests, the other workspace's member the rest. */
const ADMIN_SHARE = 0.75;
/** Ending the caller's own session would turn every later request into a 401. */
const SKIP = ['POST /api/v1/auth/logout'];

interface Failure {
  label: string;
  method: string;
  url: string;
  payload: string;
  status: number;
  answer: string;
}

describe('API fuzz', () => {
  for (const target of databaseTargets) {
    test(`${REQUESTS} generated requests answer no 5xx and change no other workspace (${target.name}, seed ${SEED})`, async () => {
      const started = performance.now();
      const say = (what: string) =>
        process.env.CLM_FUZZ_SUMMARY &&
        console.log(`${what} at ${Math.round(performance.now() - started)} ms`);
      // A 5xx is reported with the server's own error line (logged without personal data).
      const serverErrors: string[] = [];
      const api = await startApi(target.url, {
        logLevel: 'error',
        logStream: { write: (line) => serverErrors.push(line) },
      });
      try {
        say('started');
        const admin = await signUp(api, 'Fuzz A');
        const ownerB = await signUp(api, 'Fuzz B');
        const member = await addMember(api, ownerB, 'manager');
        const own = await seed(admin);
        const other = await seed(ownerB);
        const stages = await stageKeys(admin);
        const document = (await api.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
        const operations = operationsOf(document, SKIP);
        say('seeded');
        const random = new Random(SEED);
        const failures: Failure[] = [];

        const adminCount = Math.round(REQUESTS * ADMIN_SHARE);
        const otherBefore = await workspaceChecksum(api, ownerB.workspaceId);
        const adminPools = { ids: [...own, ...other, ownerB.userId, member.userId], stages };
        await send(api, admin, operations, adminCount, random, adminPools, failures);
        assert.deepEqual(
          await workspaceChecksum(api, ownerB.workspaceId),
          otherBefore,
          'the other workspace changed',
        );

        const ownBefore = await workspaceChecksum(api, admin.workspaceId);
        const memberPools = { ids: [...other, ...own, admin.userId], stages };
        await send(api, member, operations, REQUESTS - adminCount, random, memberPools, failures);
        assert.deepEqual(
          await workspaceChecksum(api, admin.workspaceId),
          ownBefore,
          'the admin workspace changed',
        );

        if (process.env.CLM_FUZZ_SUMMARY) {
          const counts = new Map<string, number>();
          for (const f of failures) {
            const key = `${f.label} ${f.method} ${f.url.split('?')[0]?.replace(/[0-9a-f-]{36}/g, ':id')}`;
            counts.set(key, (counts.get(key) ?? 0) + 1);
          }
          console.log(
            [...counts]
              .sort()
              .map(([k, n]) => `${n} ${k}`)
              .join('\n'),
          );
        }
        assert.deepEqual(
          failures.slice(0, 20),
          [],
          `${failures.length} requests answered 5xx; the server logged:\n${serverErrors.slice(0, 5).join('')}`,
        );
      } finally {
        await api.close();
      }
    });
  }
});

async function send(
  api: TestApi,
  session: Session,
  operations: Operation[],
  count: number,
  random: Random,
  pools: Pools,
  failures: Failure[],
) {
  const auth = { authorization: `Bearer ${session.token}`, 'clm-workspace': session.workspaceId };
  for (let i = 0; i < count; i++) {
    // Round robin over the operations, so each gets its share whatever the seed.
    const operation = operations[i % operations.length] as Operation;
    const { options, label } = buildRequest(operation, random, pools);
    const started = performance.now();
    const response = await api.app.inject({
      ...options,
      headers: { ...options.headers, ...auth },
      remoteAddress: testSource(),
    });
    const ms = performance.now() - started;
    if (process.env.CLM_FUZZ_SUMMARY && ms > 300) {
      console.log(
        `slow ${Math.round(ms)} ms ${response.statusCode} ${label} ${options.method} ${String(options.url).slice(0, 200)} ${String(options.payload ?? '').slice(0, 200)}`,
      );
    }
    if (response.statusCode >= 500) {
      failures.push({
        label,
        method: String(options.method),
        url: String(options.url).slice(0, 300),
        payload: String(options.payload ?? '').slice(0, 300),
        status: response.statusCode,
        answer: response.body.slice(0, 300),
      });
    }
  }
}

/** A few rows of each kind, through the API; their ids feed the generated requests. */
async function seed(session: Session): Promise<string[]> {
  const ids: string[] = [];
  const created = async (url: string, payload: object) => {
    const response = await session.request({ method: 'POST', url, payload });
    if (response.status !== 201) throw new Error(`seeding ${url} failed: ${JSON.stringify(response.body)}`);
    ids.push(response.body.id);
    return response.body.id as string;
  };
  const line = await created('/api/v1/business-lines', { name: 'Retail' });
  await created('/api/v1/teams', { name: 'North' });
  for (let c = 0; c < 6; c++) {
    const customerId = await created('/api/v1/customers', {
      name: `Customer ${c}`,
      kind: c % 2 === 0 ? 'organisation' : 'person',
      phones: [`+86138000000${10 + c}`],
      emails: [`customer.${c}@example.com`],
      custom: { tier: c },
    });
    if (c % 2 === 0) await created(`/api/v1/customers/${customerId}/contacts`, { name: `Contact ${c}` });
    await created('/api/v1/interactions', {
      customerId,
      channel: 'phone',
      direction: 'outbound',
      summary: 'Called',
      occurredAt: '2025-03-01T10:00:00Z',
    });
    await created('/api/v1/tasks', { customerId, title: 'Follow up', dueOn: '2025-04-01' });
    await created(`/api/v1/customers/${customerId}/contracts`, {
      title: `Contract ${c}`,
      signedOn: '2025-01-02',
      startsOn: '2025-02-01',
      endsOn: c % 2 === 0 ? '2025-12-31' : null,
      amount: `${1000 + c}.00`,
      businessLineId: line,
    });
    for (let t = 0; t < 3; t++) {
      await created('/api/v1/transactions', {
        customerId,
        businessLineId: line,
        occurredAt: `2025-0${t + 1}-1${c}T08:00:00Z`,
        amount: `${100 + t * 10 + c}.50`,
      });
    }
  }
  return ids;
}

async function stageKeys(session: Session): Promise<string[]> {
  const models = await session.request({ method: 'GET', url: '/api/v1/lifecycle/models' });
  const keys = JSON.stringify(models.body).match(/"key":"([^"]+)"/g) ?? [];
  const stages = [...new Set(keys.map((k) => k.slice(7, -1)))];
  return stages.length > 0 ? stages : ['new'];
}
