import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { inWorkspace } from '../src/db/tenant.js';
import { Random } from './fuzz/random.js';
import { type Operation, operationsOf } from './fuzz/requests.js';
import { generate, type JsonSchema } from './fuzz/schema-values.js';
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
 * Every operation of the OpenAPI document, sent by rep A with rep B's records in it: B's ids in the
 * path (each of them in each id's place), in the body and in the query. No answer may show any of B's
 * ids it was not asked about, nor B's customer's contact data, a read of a path that names B's record is a 404 (a 403 where the
 * route is for admins), a write there is refused, and B's records are the same afterwards.
 */
// Ending or re-keying the caller's own session would turn every later request into a 401.
const SKIP = [
  'POST /api/v1/auth/logout',
  'PUT /api/v1/me/password',
  'POST /api/v1/me/password',
  'PATCH /api/v1/me/password',
  'DELETE /api/v1/auth/tokens/{id}',
  'POST /api/v1/auth/mfa/disable',
];
const B_PHONE = '13900001111';
const B_EMAIL = 'bravo.private@example.com';

describe('scope sweep: rep A against rep B', () => {
  for (const target of databaseTargets) {
    test(`no operation shows or changes another rep's records (${target.name})`, async () => {
      const api = await startApi(target.url);
      try {
        const owner = await signUp(api, 'Sweep');
        const repA = await addMember(api, owner, 'rep');
        const repB = await addMember(api, owner, 'rep');
        const bIds = await seedRep(repB);
        const customerB = bIds[0] as string;
        const before = await recordsOf(api, owner.workspaceId, customerB);
        const document = (await api.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
        const operations = operationsOf(document, SKIP);
        const random = new Random(20261206);
        const problems: string[] = [];
        for (const operation of operations) {
          for (const request of requestsFor(operation, bIds, random)) {
            const response = await api.app.inject({
              ...request,
              headers: {
                ...request.headers,
                authorization: `Bearer ${repA.token}`,
                'clm-workspace': repA.workspaceId,
              },
              remoteAddress: testSource(),
            });
            const what = `${request.method} ${request.url} → ${response.statusCode}`;
            const status = response.statusCode;
            if (status >= 500) problems.push(`${what}: a server error`);
            // A problem answer names the address asked for: only what the request did not hold is shown.
            const asked = `${request.url} ${request.payload ?? ''}`;
            const leaked = [...bIds, B_PHONE, B_EMAIL].find(
              (v) => !asked.includes(v) && response.body.includes(v),
            );
            if (leaked) problems.push(`${what}: shows ${leaked}`);
            if (request.namesInPath) {
              if (request.method === 'GET' && status !== 404 && status !== 403)
                problems.push(`${what}: a read of B's record is not a 404`);
              if (request.method !== 'GET' && status < 400)
                problems.push(`${what}: a write of B's record passed`);
            }
          }
        }
        assert.deepEqual(problems, []);
        assert.deepEqual(await recordsOf(api, owner.workspaceId, customerB), before, "B's records changed");
      } finally {
        await api.close();
      }
    });
  }
});

interface SweepRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  payload?: string;
  headers: Record<string, string>;
  /** Whether a path parameter names one of B's records. */
  namesInPath: boolean;
}

/** With path ids: one request per B id in each id's place. Without: one request, B's ids in body and query. */
function requestsFor(operation: Operation, bIds: string[], random: Random): SweepRequest[] {
  const pools = { ids: bIds, stages: ['new'] };
  const pathIds = operation.parameters.filter((p) => p.in === 'path');
  const query = operation.parameters
    .filter((p) => p.in === 'query' && (p.required || (p.schema as JsonSchema).format === 'uuid'))
    .map((p) => `${p.name}=${encodeURIComponent(String(generate(p.schema, random, pools, p.name).value))}`);
  const body = operation.body ? JSON.stringify(generate(operation.body, random, pools).value) : undefined;
  const headers: Record<string, string> = body ? { 'content-type': 'application/json' } : {};
  if (['PATCH', 'PUT', 'DELETE'].includes(operation.method)) headers['if-match'] = '"1"';
  const build = (id?: string): SweepRequest => {
    let url = operation.path;
    for (const p of pathIds)
      url = url.replace(`{${p.name}}`, id ?? String(generate(p.schema, random, pools).value));
    if (query.length) url += `?${query.join('&')}`;
    return {
      method: operation.method as SweepRequest['method'],
      url,
      payload: body,
      headers,
      namesInPath: !!id,
    };
  };
  const takesId = pathIds.some((p) => (p.schema as JsonSchema).format === 'uuid');
  return takesId ? bIds.map((id) => build(id)) : [build()];
}

/** Rep B's customer with a contact, a follow-up, a task, a sale, a ticket and a contract: the ids, the customer's first. */
async function seedRep(rep: Session): Promise<string[]> {
  const created = async (url: string, payload: object) => {
    const response = await rep.request({ method: 'POST', url, payload });
    if (response.status !== 201) throw new Error(`seeding ${url} failed: ${JSON.stringify(response.body)}`);
    return response.body.id as string;
  };
  const customerId = await created('/api/v1/customers', {
    name: 'Bravo Private',
    kind: 'organisation',
    phones: [B_PHONE],
    emails: [B_EMAIL],
  });
  return [
    customerId,
    await created(`/api/v1/customers/${customerId}/contacts`, { name: 'Bravo Contact', phones: [B_PHONE] }),
    await created('/api/v1/interactions', {
      customerId,
      channel: 'phone',
      direction: 'outbound',
      summary: 'Called',
      occurredAt: '2026-03-01T10:00:00Z',
    }),
    await created('/api/v1/tasks', { customerId, title: 'Call back', dueOn: '2026-04-01' }),
    await created('/api/v1/transactions', {
      customerId,
      occurredAt: '2026-03-02T08:00:00Z',
      amount: '88.00',
    }),
    await created('/api/v1/tickets', {
      customerId,
      kind: 'complaint',
      channel: 'phone',
      subject: 'Bravo complaint',
    }),
    await created(`/api/v1/customers/${customerId}/contracts`, {
      title: 'Bravo contract',
      signedOn: '2026-03-03',
      startsOn: '2026-04-01',
      endsOn: '2027-03-31',
      amount: '5000.00',
    }),
  ];
}

/** Every row of the customer and of what belongs to it, as text. */
async function recordsOf(api: TestApi, workspaceId: string, customerId: string) {
  return inWorkspace(api.database.db, workspaceId, async (tx) => {
    const { rows } = await sql<{ rows: string | null }>`
      select (select string_agg(c::text, '|') from customers c where id = ${customerId})
        || coalesce((select string_agg(t::text, '|' order by t.id) from contacts t where customer_id = ${customerId}), '')
        || coalesce((select string_agg(t::text, '|' order by t.id) from interactions t where customer_id = ${customerId}), '')
        || coalesce((select string_agg(t::text, '|' order by t.id) from tasks t where customer_id = ${customerId}), '')
        || coalesce((select string_agg(t::text, '|' order by t.id) from transactions t where customer_id = ${customerId}), '')
        || coalesce((select string_agg(t::text, '|' order by t.id) from tickets t where customer_id = ${customerId}), '')
        || coalesce((select string_agg(t::text, '|' order by t.id) from contracts t where customer_id = ${customerId}), '')
        as rows`.execute(tx);
    return rows[0]?.rows;
  });
}
