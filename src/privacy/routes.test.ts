import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import {
  addMember,
  databaseTargets,
  type Session,
  signUp,
  startApi,
  type TestApi,
  uniqueEmail,
} from '../../test/support.js';
import { inWorkspace } from '../db/tenant.js';
import { uploadAndWait } from '../imports/test-files.js';
import { eraseInactiveCustomers } from './retention.js';

/** A person whose every detail is unique to this run, so that a scan of the database finds only theirs. */
function person(label: string) {
  const token = `${label}${Date.now().toString(36)}${randomInt(1e9).toString(36)}`;
  return {
    name: `Name${token}`,
    company: `Company${token}`,
    phone: `139${String(randomInt(1e8)).padStart(8, '0')}`,
    email: uniqueEmail(`mail${token}`.toLowerCase()),
    contactName: `Contact${token}`,
    contactPhone: `138${String(randomInt(1e8)).padStart(8, '0')}`,
    note: `Note${token}`,
  };
}
type Person = ReturnType<typeof person>;
const markers = (p: Person) => [p.name, p.company, p.phone, p.email, p.contactName, p.contactPhone, p.note];

/** Every text, array and JSON column of every table this workspace can read, as text, that contains `value`. */
async function findEverywhere(api: TestApi, workspaceId: string, value: string): Promise<string[]> {
  return inWorkspace(api.database.db, workspaceId, async (tx) => {
    const { rows: columns } = await sql<{ table_name: string; column_name: string }>`
      select c.table_name, c.column_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
        and c.data_type in ('text', 'character varying', 'character', 'ARRAY', 'jsonb', 'json', 'bytea')`.execute(
      tx,
    );
    const found: string[] = [];
    for (const { table_name: table, column_name: column } of columns) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from ${sql.table(table)}
        where strpos(convert_from(convert_to(${sql.ref(column)}::text, 'UTF8'), 'UTF8'), ${value}) > 0`.execute(
        tx,
      );
      if ((rows[0]?.n ?? 0) > 0) found.push(`${table}.${column}`);
    }
    return found;
  });
}

for (const target of databaseTargets) {
  describe(`privacy API on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    before(async () => {
      // Its import test needs the job runner to run the upload.
      api = await startApi(target.url, { runJobs: true });
      alice = await signUp(api);
    });
    after(() => api.close());

    /** A customer with something in every place CLM keeps personal data. */
    async function customerWithHistory(p: Person) {
      const made = await alice.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: {
          // An organisation: only those have contacts.
          kind: 'organisation',
          name: p.name,
          company: p.company,
          phones: [p.phone],
          emails: [p.email],
          birthday: '1990-02-03',
          custom: { note: p.note },
          tags: ['vip'],
        },
        headers: { 'idempotency-key': `create-${p.name}` },
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const id: string = made.body.id;
      const calls = [
        {
          url: `/api/v1/customers/${id}/contacts`,
          payload: { name: p.contactName, phones: [p.contactPhone], emails: [`c.${p.email}`] },
        },
        {
          url: '/api/v1/interactions',
          payload: {
            customerId: id,
            channel: 'phone',
            direction: 'outbound',
            summary: `Called ${p.name} on ${p.phone}`,
            occurredAt: '2026-01-05T10:00:00+08:00',
          },
        },
        { url: '/api/v1/tasks', payload: { customerId: id, title: `Visit ${p.name}`, notes: p.note } },
        {
          url: '/api/v1/tickets',
          payload: {
            customerId: id,
            kind: 'complaint',
            channel: 'phone',
            subject: `Call from ${p.name}`,
            description: p.note,
          },
        },
        {
          url: '/api/v1/transactions',
          payload: { customerId: id, occurredAt: '2026-01-06T10:00:00+08:00', amount: '123.45' },
        },
        {
          url: `/api/v1/customers/${id}/consents`,
          payload: { channel: 'email', granted: true, source: 'web form', at: '2026-01-01T00:00:00Z' },
        },
      ];
      for (const call of calls) {
        const res = await alice.request({ method: 'POST', ...call });
        assert.equal(res.status, 201, `${call.url}: ${JSON.stringify(res.body)}`);
        if (call.url === '/api/v1/tickets') {
          const reply = { kind: 'reply', text: `Dear ${p.name}, we will call ${p.note}` };
          const answered = await alice.request({
            method: 'POST',
            url: `/api/v1/tickets/${res.body.id}/events`,
            payload: reply,
          });
          assert.equal(answered.status, 201);
        }
      }
      const moved = await alice.request({
        method: 'PUT',
        url: `/api/v1/customers/${id}/lifecycle`,
        payload: { stage: 'formation', reason: `asked by ${p.name}` },
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      const current = await alice.request({ method: 'GET', url: `/api/v1/customers/${id}` });
      const edited = await alice.request({
        method: 'PATCH',
        url: `/api/v1/customers/${id}`,
        payload: { region: 'Hangzhou' },
        headers: { 'if-match': `"${current.body.version}"` },
      });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      return id;
    }

    test('a personal-data export holds everything about the person and nothing about anyone else', async () => {
      const zhang = person('zhang');
      const li = person('li');
      const id = await customerWithHistory(zhang);
      await customerWithHistory(li);
      const res = await alice.request({ method: 'GET', url: `/api/v1/customers/${id}/personal-data` });
      assert.equal(res.status, 200);
      const text = JSON.stringify(res.body);
      for (const marker of markers(zhang)) assert.ok(text.includes(marker), `the export has ${marker}`);
      for (const marker of markers(li)) assert.equal(text.includes(marker), false, `nothing of ${marker}`);
      const data = res.body;
      assert.equal(data.profile[0].name, zhang.name);
      assert.equal(data.profile[0].kind, 'organisation');
      assert.deepEqual(
        [data.contacts.length, data.interactions.length, data.transactions.length, data.tickets.length],
        [1, 1, 1, 1],
      );
      assert.deepEqual(
        data.ticketEvents.map((e: { kind: string }) => e.kind),
        ['created', 'reply'],
      );
      // Ours, and the one the stage's playbook made when the customer was moved.
      assert.deepEqual(
        data.tasks.map((t: { notes: string | null }) => t.notes),
        [zhang.note, null],
      );
      assert.equal(data.transactions[0].amount, '123.45');
      assert.deepEqual(data.currentConsent, { email: true });
      assert.equal(data.consents[0].source, 'web form');
      assert.ok(data.lifecycleOverrides[0].reason.includes(zhang.name));
      assert.ok(data.audit.some((e: { action: string }) => e.action === 'create'));

      const csv = await api.app.inject({
        method: 'GET',
        url: `/api/v1/customers/${id}/personal-data?format=csv`,
        headers: { authorization: `Bearer ${alice.token}`, 'clm-workspace': alice.workspaceId },
      });
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      assert.match(String(csv.headers['content-disposition']), /attachment; filename="personal-data-/);
      const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n');
      assert.equal(lines[0], 'section,record,field,value');
      assert.ok(lines.includes(`profile,1,name,${zhang.name}`));
      assert.ok(lines.includes('transactions,1,amount,123.45'));
      assert.ok(lines.includes(`profile,1,custom.note,${zhang.note}`));
      for (const marker of markers(li)) assert.equal(csv.body.includes(marker), false);

      const trail = await alice.request({
        method: 'GET',
        url: `/api/v1/audit?action=personal-data-export&entityId=${id}`,
      });
      assert.deepEqual(
        trail.body.data.map((e: { after: { format: string } }) => e.after.format),
        ['csv', 'json'],
      );
    });

    test('erasure leaves no name, phone, e-mail or note of the person in any column of any table', async () => {
      const zhang = person('erase');
      const li = person('keep');
      const id = await customerWithHistory(zhang);
      const other = await customerWithHistory(li);
      for (const marker of markers(zhang))
        assert.notDeepEqual(await findEverywhere(api, alice.workspaceId, marker), [], `${marker} is stored`);
      const res = await alice.request({ method: 'POST', url: `/api/v1/customers/${id}/erase` });
      assert.equal(res.status, 204);
      for (const marker of markers(zhang))
        assert.deepEqual(await findEverywhere(api, alice.workspaceId, marker), [], `${marker} is gone`);
      // The other customer is whole; the erased one's sale still counts, under an anonymous customer.
      for (const marker of markers(li))
        assert.notDeepEqual(await findEverywhere(api, alice.workspaceId, marker), [], `${marker} stays`);
      const sales = await alice.request({ method: 'GET', url: `/api/v1/transactions?customerId=${id}` });
      assert.deepEqual(
        sales.body.data.map((t: { amount: string }) => t.amount),
        ['123.45'],
      );
      assert.equal((await alice.request({ method: 'GET', url: `/api/v1/customers/${id}` })).status, 404);
      const trail = await alice.request({ method: 'GET', url: `/api/v1/audit?entityId=${id}&action=erase` });
      assert.deepEqual(
        trail.body.data.map((e: { userId: string; after: unknown }) => [e.userId, e.after]),
        [[alice.userId, { reason: 'request', records: 1 }]],
      );
      const again = await alice.request({ method: 'POST', url: `/api/v1/customers/${id}/erase` });
      assert.equal(again.status, 204);
      assert.equal(
        (await alice.request({ method: 'GET', url: `/api/v1/audit?entityId=${id}&action=erase` })).body.data
          .length,
        1,
      );
      assert.equal((await alice.request({ method: 'GET', url: `/api/v1/customers/${other}` })).status, 200);
    });

    test('erasure deletes the uploaded files of finished imports: no stored chunk holds their phone or e-mail', async () => {
      const wang = person('imported');
      const file = Buffer.from(`Name,Phone,Email\r\n${wang.name},${wang.phone},${wang.email}\r\n`);
      const done = await uploadAndWait(alice, { kind: 'customers' }, { name: 'people.csv', data: file });
      assert.equal(done.status, 'done', done.error);
      const found = await alice.request({ method: 'GET', url: `/api/v1/customers?q=${wang.name}` });
      assert.equal(found.body.data.length, 1);
      const chunksWith = (value: string) =>
        inWorkspace(api.database.db, alice.workspaceId, async (tx) =>
          Number(
            (
              await sql<{ n: number }>`select count(*)::int as n from import_file_chunks
                where position(convert_to(${value}, 'UTF8') in data) > 0`.execute(tx)
            ).rows[0]?.n,
          ),
        );
      assert.equal(await chunksWith(wang.phone), 1, 'the uploaded file is stored as it came');

      const res = await alice.request({
        method: 'POST',
        url: `/api/v1/customers/${found.body.data[0].id}/erase`,
      });
      assert.equal(res.status, 204);
      assert.equal(await chunksWith(wang.phone), 0);
      assert.equal(await chunksWith(wang.email), 0);
      for (const marker of [wang.name, wang.phone, wang.email])
        assert.deepEqual(await findEverywhere(api, alice.workspaceId, marker), [], `${marker} is gone`);
      // The import itself stays, with its counts.
      const kept = await alice.request({ method: 'GET', url: `/api/v1/imports/${done.id}` });
      assert.deepEqual([kept.status, kept.body.counts.imported], [200, 1]);
    });

    test('erasure takes the customers merged into the person with it', async () => {
      const a = person('survivor');
      const b = person('merged');
      const survivor = await customerWithHistory(a);
      const merged = await customerWithHistory(b);
      const current = await alice.request({ method: 'GET', url: `/api/v1/customers/${survivor}` });
      const res = await alice.request({
        method: 'POST',
        url: `/api/v1/customers/${survivor}/merge`,
        payload: { sourceIds: [merged] },
        headers: { 'if-match': `"${current.body.version}"` },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      await alice.request({ method: 'POST', url: `/api/v1/customers/${survivor}/erase` });
      for (const marker of [...markers(a), ...markers(b)])
        assert.deepEqual(await findEverywhere(api, alice.workspaceId, marker), [], `${marker} is gone`);
    });

    test('consent: each answer is recorded with time and source; the latest per channel is current', async () => {
      const made = await alice.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Consenting' },
      });
      const id = made.body.id;
      const record = (payload: object) =>
        alice.request({ method: 'POST', url: `/api/v1/customers/${id}/consents`, payload });
      assert.equal(
        (await record({ channel: 'email', granted: true, source: 'web form', at: '2026-03-01T08:00:00Z' }))
          .status,
        201,
      );
      assert.equal(
        (await record({ channel: 'email', granted: false, source: 'phone call', at: '2026-04-01T08:00:00Z' }))
          .status,
        201,
      );
      // Back-dated: recorded last but given first, so it does not replace the current e-mail answer.
      await record({ channel: 'email', granted: true, source: 'paper form', at: '2025-12-01T08:00:00Z' });
      await record({ channel: 'sms', granted: true, source: 'paper form', at: '2025-12-01T08:00:00Z' });
      const list = await alice.request({ method: 'GET', url: `/api/v1/customers/${id}/consents` });
      assert.deepEqual(list.body.current, { email: false, sms: true });
      assert.deepEqual(
        list.body.events.map((e: { channel: string; granted: boolean; source: string; at: string }) => [
          e.channel,
          e.granted,
          e.source,
          e.at,
        ]),
        [
          ['email', false, 'phone call', '2026-04-01T08:00:00.000Z'],
          ['email', true, 'web form', '2026-03-01T08:00:00.000Z'],
          ['sms', true, 'paper form', '2025-12-01T08:00:00.000Z'],
          ['email', true, 'paper form', '2025-12-01T08:00:00.000Z'],
        ],
      );
      assert.equal(list.body.events[0].userId, alice.userId);
      const customer = await alice.request({ method: 'GET', url: `/api/v1/customers/${id}` });
      assert.deepEqual(customer.body.consent, { email: false, sms: true });
      for (const [payload, path] of [
        [{ channel: 'fax', granted: true, source: 'x' }, 'body.channel'],
        [{ channel: 'sms', granted: true, source: '' }, 'body.source'],
        [{ channel: 'sms', granted: true, source: 'x', at: '2999-01-01T00:00:00Z' }, 'body.at'],
      ] as const) {
        const bad = await record(payload);
        assert.equal(bad.status, 400, JSON.stringify(payload));
        assert.ok(
          bad.body.errors.some((e: { path: string }) => e.path === path),
          JSON.stringify(bad.body),
        );
      }
      const missing = await alice.request({
        method: 'POST',
        url: '/api/v1/customers/00000000-0000-4000-8000-000000000000/consents',
        payload: { channel: 'sms', granted: true, source: 'x' },
      });
      assert.equal(missing.status, 404);
      // An edit of the profile's consent is a record too, with the edit as its source.
      const edited = await alice.request({
        method: 'PATCH',
        url: `/api/v1/customers/${id}`,
        payload: { consent: { email: false, sms: true, phone: false, wechat: false, post: true } },
        headers: { 'if-match': `"${customer.body.version}"` },
      });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      const after = await alice.request({ method: 'GET', url: `/api/v1/customers/${id}/consents` });
      assert.deepEqual(after.body.current, {
        email: false,
        sms: true,
        phone: false,
        wechat: false,
        post: true,
      });
      // The channels the edit changed, and only those.
      assert.deepEqual(
        after.body.events
          .slice(0, 3)
          .map((e: { channel: string; source: string }) => `${e.channel} ${e.source}`)
          .sort(),
        ['phone profile edit', 'post profile edit', 'wechat profile edit'],
      );
      assert.equal(after.body.events.length, 7);
      const analyst = await addMember(api, alice, 'analyst');
      const denied = await analyst.request({
        method: 'POST',
        url: `/api/v1/customers/${id}/consents`,
        payload: { channel: 'sms', granted: false, source: 'x' },
      });
      assert.equal(denied.status, 403);
    });

    test('a rep cannot export, erase or set the retention rule', async () => {
      const made = await alice.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Guarded' },
      });
      const rep = await addMember(api, alice, 'rep');
      const calls = [
        { method: 'GET', url: `/api/v1/customers/${made.body.id}/personal-data` },
        { method: 'POST', url: `/api/v1/customers/${made.body.id}/erase` },
        { method: 'GET', url: '/api/v1/privacy/settings' },
        { method: 'PUT', url: '/api/v1/privacy/settings', payload: { eraseInactiveAfterYears: 1 } },
      ] as const;
      for (const call of calls) assert.equal((await rep.request(call)).status, 403, call.url);
      assert.equal(
        (await alice.request({ method: 'GET', url: `/api/v1/customers/${made.body.id}` })).status,
        200,
      );
      const unknown = await alice.request({
        method: 'POST',
        url: '/api/v1/customers/00000000-0000-4000-8000-000000000000/erase',
      });
      assert.equal(unknown.status, 404);
    });

    test('retention: customers inactive for the set years are erased at night, the others kept', async () => {
      const bob = await signUp(api, 'Retention');
      const make = async (name: string) =>
        (await bob.request({ method: 'POST', url: '/api/v1/customers', payload: { name } })).body
          .id as string;
      const [old, recent, buyer] = [await make('Old'), await make('Recent'), await make('Buyer')];
      await inWorkspace(api.database.db, bob.workspaceId, (tx) =>
        tx
          .updateTable('customers')
          .set({ created_at: new Date('2020-01-01T00:00:00Z'), updated_at: new Date('2020-01-01T00:00:00Z') })
          .where('id', 'in', [old, buyer])
          .execute(),
      );
      const sale = await bob.request({
        method: 'POST',
        url: '/api/v1/transactions',
        payload: { customerId: buyer, occurredAt: '2029-06-01T00:00:00Z', amount: 10 },
      });
      assert.equal(sale.status, 201, JSON.stringify(sale.body));
      const now = new Date('2030-01-01T00:00:00Z');
      assert.equal(
        await eraseInactiveCustomers(api.database.db, now, [bob.workspaceId]),
        0,
        'off by default',
      );
      const set = await bob.request({
        method: 'PUT',
        url: '/api/v1/privacy/settings',
        payload: { eraseInactiveAfterYears: 5 },
      });
      assert.deepEqual(set.body, { eraseInactiveAfterYears: 5 });
      const zero = await bob.request({
        method: 'PUT',
        url: '/api/v1/privacy/settings',
        payload: { eraseInactiveAfterYears: 0 },
      });
      assert.equal(zero.status, 400);
      // 2030 − 5 years = 2025: Old (2020) is erased; Recent (created today) and Buyer (a sale in 2029) stay.
      assert.equal(await eraseInactiveCustomers(api.database.db, now, [bob.workspaceId]), 1);
      assert.equal(await eraseInactiveCustomers(api.database.db, now, [bob.workspaceId]), 0, 'once only');
      const status = async (id: string) =>
        (await bob.request({ method: 'GET', url: `/api/v1/customers/${id}` })).status;
      assert.deepEqual([await status(old), await status(recent), await status(buyer)], [404, 200, 200]);
      const trail = await bob.request({ method: 'GET', url: `/api/v1/audit?action=erase` });
      assert.deepEqual(
        trail.body.data.map((e: { userId: string | null; entityId: string; after: unknown }) => [
          e.userId,
          e.entityId,
          e.after,
        ]),
        [[null, old, { reason: 'retention', records: 1 }]],
      );
    });
  });
}
