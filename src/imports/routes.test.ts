import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import iconv from 'iconv-lite';
import {
  addMember,
  databaseTargets,
  openTestDatabase,
  type Session,
  signUp,
  startApi,
  type TestApi,
  uniqueEmail,
} from '../../test/support.js';
import { inWorkspace } from '../db/tenant.js';
import { buildApp } from '../http/app.js';
import { createUser } from '../users/service.js';
import { createWorkspace } from '../workspaces/service.js';
import { createImport, findImport } from './store.js';
import { multipart, uploadAndWait } from './test-files.js';

const csv = (text: string) => Buffer.from(text.replace(/\n/g, '\r\n'));

for (const target of databaseTargets) {
  describe(`imports API on ${target.name}`, () => {
    let api: TestApi;
    let admin: Session;

    before(async () => {
      api = await startApi(target.url, { runJobs: true });
      admin = await signUp(api);
    });
    after(() => api.close());

    test('a GBK file with Chinese headers is imported, bad rows are listed with line, column, value and reason', async () => {
      const file = iconv.encode(
        '客户编号,姓名,手机,日期,金额,订单号\n' +
          'C1,张伟,138 1234 5678,2024/3/5,"￥1,234.50",A-1\n' +
          'C1,张伟,13812345678,2024年3月6日,99,A-2\n' +
          'C2,李娜,12345,2024-03-07,10,A-3\n' +
          'C3,王芳,139 8765 4321,2024-02-30,10,A-4\n' +
          'C3,王芳,139 8765 4321,2024-03-08,十元,A-5\n',
        'gbk',
      );
      const done = await uploadAndWait(admin, { kind: 'transactions' }, { name: '订单.csv', data: file });
      assert.equal(done.status, 'done', done.error);
      assert.deepEqual(done.counts, { read: 5, imported: 2, updated: 0, duplicates: 0, rejected: 3 });
      assert.equal(done.progress, 1);

      const customers = await admin.request({ method: 'GET', url: '/api/v1/customers?q=%E5%BC%A0%E4%BC%9F' });
      assert.equal(customers.body.data.length, 1);
      assert.deepEqual(customers.body.data[0].phones, ['+8613812345678']);
      assert.equal(customers.body.data[0].externalId, 'C1');
      const stats = await admin.request({
        method: 'GET',
        url: `/api/v1/customers/${customers.body.data[0].id}/stats`,
      });
      assert.equal(stats.body.purchaseCount, 2);
      assert.equal(stats.body.revenue, '1333.50');
      const first = await admin.request({
        method: 'GET',
        url: `/api/v1/transactions?customerId=${customers.body.data[0].id}&sort=occurredAt`,
      });
      // Dates without a time are midnight in the workspace's zone (Asia/Shanghai).
      assert.equal(first.body.data[0].occurredAt, '2024-03-04T16:00:00.000Z');
      assert.equal(first.body.data[0].externalId, 'A-1');

      const report = await api.app.inject({
        method: 'GET',
        url: `/api/v1/imports/${done.id}/errors.csv`,
        headers: { authorization: `Bearer ${admin.token}`, 'clm-workspace': admin.workspaceId },
      });
      assert.equal(report.statusCode, 200);
      assert.match(String(report.headers['content-type']), /^text\/csv/);
      assert.equal(
        report.body,
        'line,column,value,reason,code\n' +
          '4,手机,12345,is not a valid phone number,invalid_phone\n' +
          '5,日期,2024-02-30,is not a date,invalid_date\n' +
          '6,金额,十元,is not an amount,invalid_amount\n',
      );
      // The same lines as pages for the web app, which words each code in its reader's language.
      const page = await admin.request({ method: 'GET', url: `/api/v1/imports/${done.id}/errors?limit=2` });
      assert.equal(page.status, 200);
      assert.deepEqual(page.body.data, [
        {
          line: 4,
          column: '手机',
          value: '12345',
          reason: 'is not a valid phone number',
          code: 'invalid_phone',
        },
        { line: 5, column: '日期', value: '2024-02-30', reason: 'is not a date', code: 'invalid_date' },
      ]);
      const next = await admin.request({
        method: 'GET',
        url: `/api/v1/imports/${done.id}/errors?limit=2&cursor=${page.body.nextCursor}`,
      });
      assert.deepEqual(
        next.body.data.map((e: { line: number; code: string }) => [e.line, e.code]),
        [[6, 'invalid_amount']],
      );
      assert.equal(next.body.nextCursor, null);
      const forged = await admin.request({
        method: 'GET',
        url: `/api/v1/imports/${done.id}/errors?cursor=${Buffer.from('["x","y"]').toString('base64url')}`,
      });
      assert.equal(forged.status, 400);

      const again = await uploadAndWait(admin, { kind: 'transactions' }, { name: '订单.csv', data: file });
      assert.deepEqual(again.counts, { read: 5, imported: 0, updated: 0, duplicates: 2, rejected: 3 });
    });

    test('a column mapping names the fields; a missing required column fails the import and changes nothing', async () => {
      const file = csv('who,when,paid\nX9,2024-01-02 10:00,5\n');
      const failed = await uploadAndWait(admin, { kind: 'transactions' }, { name: 'x.csv', data: file });
      assert.equal(failed.status, 'failed');
      assert.match(failed.error, /required field occurredAt/);
      const none = await admin.request({ method: 'GET', url: '/api/v1/customers?q=X9' });
      assert.equal(none.body.data.length, 0);

      const mapping = JSON.stringify({ who: 'customerExternalId', when: 'occurredAt', paid: 'amount' });
      const done = await uploadAndWait(
        admin,
        { kind: 'transactions', mapping },
        { name: 'x.csv', data: file },
      );
      assert.equal(done.status, 'done', done.error);
      assert.equal(done.counts.imported, 1);
    });

    test('header=false: a file without a header is mapped by column number, and the choice is kept with the import', async () => {
      const file = csv(
        ' 00004 0001 19970101  2   29.33\n 00004 0001 19970118  2   29.73\n 00018 0002 19970104  1   14.96\n',
      );
      const unmapped = await uploadAndWait(
        admin,
        { kind: 'transactions', header: 'false' },
        { name: 'sample.txt', data: file },
      );
      assert.equal(unmapped.status, 'failed');
      assert.match(
        unmapped.error,
        /\(the file has no header: map its columns by number, 1 to 5\): no column maps to the required field occurredAt/,
      );

      const mapping = JSON.stringify({ 1: 'customerExternalId', 3: 'occurredAt', 5: 'amount' });
      const done = await uploadAndWait(
        admin,
        { kind: 'transactions', header: 'false', mapping },
        { name: 'sample.txt', data: file },
      );
      assert.equal(done.status, 'done', done.error);
      assert.deepEqual(done.counts, { read: 3, imported: 3, updated: 0, duplicates: 0, rejected: 0 });
      const stored = await inWorkspace(api.database.db, admin.workspaceId, (tx) => findImport(tx, done.id));
      assert.equal((stored.options as { header?: boolean }).header, false);
      const customer = await admin.request({ method: 'GET', url: '/api/v1/customers?q=00004' });
      const stats = await admin.request({
        method: 'GET',
        url: `/api/v1/customers/${customer.body.data[0].id}/stats`,
      });
      assert.equal(stats.body.purchaseCount, 2);
      assert.equal(stats.body.revenue, '59.06');
    });

    test('without creating customers, rows naming unknown customers are refused with the reason', async () => {
      const file = csv(
        'email,date,amount\nknown@example.com,2024-01-01,1\nnobody@example.com,2024-01-01,2\n',
      );
      await admin.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Known', emails: ['Known@Example.com'] },
      });
      const done = await uploadAndWait(
        admin,
        { kind: 'transactions', createCustomers: 'false' },
        { name: 'e.csv', data: file },
      );
      assert.deepEqual(done.counts, { read: 2, imported: 1, updated: 0, duplicates: 0, rejected: 1 });
      const report = await api.app.inject({
        method: 'GET',
        url: `/api/v1/imports/${done.id}/errors.csv`,
        headers: { authorization: `Bearer ${admin.token}`, 'clm-workspace': admin.workspaceId },
      });
      assert.match(
        report.body,
        /^3,email,nobody@example.com,"no customer has this id, phone or e-mail[^"]*",unknown_customer$/m,
      );
    });

    test('bad uploads are 400 problems naming the field, and nothing is queued', async () => {
      const cases = [
        [{ kind: 'orders' }, 'body.kind'],
        [{ kind: 'customers', mapping: '{not json' }, 'body.mapping'],
        [{ kind: 'customers', mapping: '{"Name":"nickname"}' }, 'body.mapping.Name'],
      ] as const;
      for (const [fields, path] of cases) {
        const { payload, headers } = multipart(fields, { name: 'c.csv', data: csv('Name\nA\n') });
        const res = await admin.request({ method: 'POST', url: '/api/v1/imports', payload, headers });
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.equal(res.body.errors[0].path, path);
      }
      const { payload, headers } = multipart({ kind: 'customers' });
      const noFile = await admin.request({ method: 'POST', url: '/api/v1/imports', payload, headers });
      assert.equal(noFile.status, 400);
      assert.equal(noFile.body.errors[0].path, 'body.file');
    });

    test('a preview reads the file as the import would: columns, suggested fields, first rows and their faults, nothing written', async () => {
      const preview = async (fields: Record<string, string>, data: Buffer, name = 'p.csv') => {
        const { payload, headers } = multipart(fields, { name, data });
        return admin.request({ method: 'POST', url: '/api/v1/imports/preview', payload, headers });
      };
      const before = await admin.request({ method: 'GET', url: '/api/v1/imports?limit=100' });
      const file = iconv.encode(
        '客户编号;手机;下单时间;金额;备注\n' +
          'C1;138 1234 5678;2024/3/5;"￥1,234.50";first\n' +
          'C2;12345;2024-02-30;10;\n' +
          'C3;13912345678;2024-03-07;十元;x;extra\n' +
          'C4;13912345679;2024-03-08;12;\n' +
          'C5;13912345670;2024-03-09;13;\n',
        'gbk',
      );
      const res = await preview({ kind: 'transactions' }, file);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body.format, { type: 'csv', encoding: 'gb18030', delimiter: ';', quote: '"' });
      assert.deepEqual(res.body.columns, ['客户编号', '手机', '下单时间', '金额', '备注']);
      assert.deepEqual(res.body.mapping, {
        客户编号: 'customerExternalId',
        手机: 'customerPhone',
        下单时间: 'occurredAt',
        金额: 'amount',
        备注: null,
      });
      assert.deepEqual(res.body.problems, []);
      assert.deepEqual(res.body.required, ['occurredAt', 'amount']);
      assert.deepEqual(
        res.body.rows.map((r: { line: number }) => r.line),
        [2, 3, 4, 5, 6],
      );
      assert.deepEqual(res.body.rows[0].errors, []);
      assert.deepEqual(
        res.body.rows[1].errors.map((e: { column: string }) => e.column),
        ['手机', '下单时间'],
      );
      assert.deepEqual(
        res.body.rows[1].errors.map((e: { code: string }) => e.code),
        ['invalid_phone', 'invalid_date'],
      );
      assert.match(res.body.rows[2].errors[0].reason, /has 6 columns where the header has 5/);
      assert.equal(res.body.rows[2].errors[0].code, 'wrong_width');
      assert.equal(res.body.rows[2].errors[0].limit, 5);

      // The user's mapping wins over the suggestions; what no longer fits is said, not refused.
      const remapped = await preview(
        { kind: 'transactions', mapping: JSON.stringify({ 金额: null, 备注: 'amount', 手机: 'amount' }) },
        file,
      );
      assert.equal(remapped.status, 200);
      assert.deepEqual(
        remapped.body.problems.map((p: { code: string; field?: string }) => [p.code, p.field]),
        [['same_field', 'amount']],
      );
      assert.deepEqual(remapped.body.problems[0].columns, ['手机', '备注']);
      // Until the mapping fits, a row shows only what keeps it from being read at all.
      assert.deepEqual(
        remapped.body.rows
          .filter((r: { errors: unknown[] }) => r.errors.length)
          .map((r: { line: number }) => r.line),
        [4],
      );
      const missing = await preview({ kind: 'customers' }, csv('Phone,Mail\n13812345678,a@b.c\n'));
      assert.deepEqual(
        missing.body.problems.map((p: { code: string; field?: string }) => [p.code, p.field]),
        [['required_field', 'name']],
      );
      const numbered = await preview(
        { kind: 'customers', header: 'false', mapping: '{"2":"name"}' },
        csv('x1,Ann Lee\nx2,Bo\n'),
      );
      assert.deepEqual(numbered.body.columns, ['1', '2']);
      assert.deepEqual(numbered.body.mapping, { 1: null, 2: 'name' });
      assert.equal(numbered.body.rows.length, 2);

      // Only the first part of a large file is sent: its cut last row is left out, and 20 rows are shown.
      const long = Buffer.from(
        `Name,Phone\n${Array.from({ length: 30 }, (_, i) => `Name ${i},1381234${String(i).padStart(4, '0')}`).join('\n')}`,
      );
      const cut = await preview({ kind: 'customers', partial: 'true' }, long.subarray(0, 120));
      assert.ok(cut.body.rows.length > 0);
      const lastShown = cut.body.rows.at(-1).cells.join(',');
      assert.ok(long.toString().includes(`${lastShown}\n`), lastShown);
      const whole = await preview({ kind: 'customers' }, long);
      assert.equal(whole.body.rows.length, 20);

      for (const [fields, data, path] of [
        [{ kind: 'orders' }, csv('Name\nA\n'), 'body.kind'],
        [{ kind: 'customers', mapping: '{"Name":"nickname"}' }, csv('Name\nA\n'), 'body.mapping.Name'],
        [{ kind: 'customers' }, Buffer.alloc(0), 'body.file'],
      ] as const) {
        const bad = await preview(fields, data);
        assert.equal(bad.status, 400, JSON.stringify(bad.body));
        assert.equal(bad.body.errors[0].path, path);
      }
      const binary = await preview({ kind: 'customers' }, Buffer.from([0, 1, 2, 3, 0, 0, 5, 6]));
      assert.equal(binary.status, 400);
      const analyst = await addMember(api, admin, 'analyst');
      const { payload, headers } = multipart(
        { kind: 'customers' },
        { name: 'c.csv', data: csv('Name\nA\n') },
      );
      const refused = await analyst.request({
        method: 'POST',
        url: '/api/v1/imports/preview',
        payload,
        headers,
      });
      assert.equal(refused.status, 403);
      const afterwards = await admin.request({ method: 'GET', url: '/api/v1/imports?limit=100' });
      assert.equal(afterwards.body.data.length, before.body.data.length);
    });

    test('a customer import lists the lines that matched a customer, by what, and the lines that repeat an earlier one', async () => {
      const existing = await admin.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Mei Existing', externalId: 'VIP-7', phones: ['+8613800000001'] },
      });
      assert.equal(existing.status, 201, JSON.stringify(existing.body));
      const other = await admin.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Phone Match', phones: ['+8613800000002'] },
      });
      const done = await uploadAndWait(
        admin,
        { kind: 'customers' },
        {
          name: 'm.csv',
          data: csv(
            'Name,Customer ID,Phone\n' +
              'Mei Renamed,VIP-7,\n' +
              'New One,,13800000009\n' +
              'New One Again,,138 0000 0009\n' +
              'By Phone,,13800000002\n' +
              'Fresh,,13800000010\n',
          ),
        },
      );
      assert.equal(done.status, 'done', done.error);
      const res = await admin.request({ method: 'GET', url: `/api/v1/imports/${done.id}/matches?limit=2` });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const next = await admin.request({
        method: 'GET',
        url: `/api/v1/imports/${done.id}/matches?limit=2&cursor=${res.body.nextCursor}`,
      });
      assert.equal(next.body.nextCursor, null);
      const created = await admin.request({ method: 'GET', url: '/api/v1/customers?q=New%20One' });
      assert.equal(created.body.data.length, 1);
      assert.deepEqual(
        [...res.body.data, ...next.body.data],
        [
          {
            line: 2,
            outcome: 'matched',
            matchedBy: 'externalId',
            earlierLine: null,
            customer: { id: existing.body.id, name: 'Mei Renamed' },
          },
          {
            line: 4,
            outcome: 'duplicate',
            matchedBy: null,
            earlierLine: 3,
            customer: { id: created.body.data[0].id, name: 'New One' },
          },
          {
            line: 5,
            outcome: 'matched',
            matchedBy: 'phone',
            earlierLine: null,
            customer: { id: other.body.id, name: 'By Phone' },
          },
        ],
      );
      const file = await api.app.inject({
        method: 'GET',
        url: `/api/v1/imports/${done.id}/matches.csv`,
        headers: { authorization: `Bearer ${admin.token}`, 'clm-workspace': admin.workspaceId },
      });
      assert.equal(file.statusCode, 200);
      assert.match(String(file.headers['content-type']), /^text\/csv/);
      assert.equal(
        file.body,
        'line,outcome,matched_by,earlier_line,customer_id,customer_name\n' +
          `2,matched,externalId,,${existing.body.id},Mei Renamed\n` +
          `4,duplicate,,3,${created.body.data[0].id},New One\n` +
          `5,matched,phone,,${other.body.id},By Phone\n`,
      );
      // A rep sees the lines, but not the customers outside their scope: one owned by another rep.
      const rep = await addMember(api, admin, 'rep');
      const otherRep = await addMember(api, admin, 'rep');
      const assigned = await admin.request({
        method: 'POST',
        url: `/api/v1/customers/${existing.body.id}/assign`,
        payload: { ownerId: otherRep.userId, reason: 'Key account' },
      });
      assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
      const hidden = await rep.request({ method: 'GET', url: `/api/v1/imports/${done.id}/matches` });
      assert.equal(hidden.status, 200);
      assert.deepEqual(
        hidden.body.data.map((m: { line: number; customer: { name: string } | null }) => [
          m.line,
          m.customer?.name ?? null,
        ]),
        [
          [2, null],
          [4, 'New One'],
          [5, 'By Phone'],
        ],
      );
      const forged = await admin.request({
        method: 'GET',
        url: `/api/v1/imports/${done.id}/matches?cursor=${Buffer.from('["x","y"]').toString('base64url')}`,
      });
      assert.equal(forged.status, 400);
      assert.equal(forged.body.errors[0].path, 'querystring.cursor');
      const stranger = await signUp(api, 'Stranger');
      const notTheirs = await stranger.request({ method: 'GET', url: `/api/v1/imports/${done.id}/matches` });
      assert.equal(notTheirs.status, 404);
    });

    test('a purchase or follow-up import lists the lines it skipped as duplicates, with the customer each matched', async () => {
      const first = await uploadAndWait(
        admin,
        { kind: 'transactions' },
        {
          name: 'p1.csv',
          data: csv('Customer ID,Date,Amount,Order ID\nDUP-A,2024-03-01,10,ORD-1\nDUP-A,2024-03-02,20,\n'),
        },
      );
      assert.equal(first.status, 'done', first.error);
      const none = await admin.request({ method: 'GET', url: `/api/v1/imports/${first.id}/matches` });
      assert.deepEqual(none.body.data, []);
      const again = await uploadAndWait(
        admin,
        { kind: 'transactions' },
        {
          name: 'p2.csv',
          data: csv(
            'Customer ID,Date,Amount,Order ID\n' +
              'DUP-A,2024-03-01,10,ORD-1\n' +
              'DUP-B,2024-03-05,30,ORD-9\n' +
              'DUP-B,2024-03-06,31,ORD-9\n' +
              'DUP-A,2024-03-02,20,\n' +
              // The same purchase twice in a file is two purchases: the second is new.
              'DUP-A,2024-03-02,20,\n',
          ),
        },
      );
      assert.equal(again.status, 'done', again.error);
      assert.deepEqual(again.counts, { read: 5, imported: 2, updated: 0, duplicates: 3, rejected: 0 });
      const customers = await admin.request({ method: 'GET', url: '/api/v1/customers?q=DUP-' });
      const id = (ext: string) =>
        customers.body.data.find((c: { externalId: string }) => c.externalId === ext).id;
      const listed = await admin.request({ method: 'GET', url: `/api/v1/imports/${again.id}/matches` });
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      assert.deepEqual(listed.body.data, [
        {
          line: 2,
          outcome: 'duplicate',
          matchedBy: 'externalId',
          earlierLine: null,
          customer: { id: id('DUP-A'), name: 'DUP-A' },
        },
        {
          line: 4,
          outcome: 'duplicate',
          matchedBy: 'externalId',
          earlierLine: 3,
          customer: { id: id('DUP-B'), name: 'DUP-B' },
        },
        {
          line: 5,
          outcome: 'duplicate',
          matchedBy: 'content',
          earlierLine: null,
          customer: { id: id('DUP-A'), name: 'DUP-A' },
        },
      ]);

      const notes = csv('Customer ID,Date,Summary\nDUP-B,2024-04-01,Called about the order\n');
      const noted = await uploadAndWait(admin, { kind: 'interactions' }, { name: 'n1.csv', data: notes });
      assert.equal(noted.status, 'done', noted.error);
      const twice = await uploadAndWait(
        admin,
        { kind: 'interactions' },
        {
          name: 'n2.csv',
          data: csv(
            'Customer ID,Date,Summary\nDUP-A,2024-04-02,Sent the catalogue\nDUP-B,2024-04-01,Called about the order\n',
          ),
        },
      );
      assert.deepEqual(twice.counts, { read: 2, imported: 1, updated: 0, duplicates: 1, rejected: 0 });
      const file = await api.app.inject({
        method: 'GET',
        url: `/api/v1/imports/${twice.id}/matches.csv`,
        headers: { authorization: `Bearer ${admin.token}`, 'clm-workspace': admin.workspaceId },
      });
      assert.equal(
        file.body,
        `line,outcome,matched_by,earlier_line,customer_id,customer_name\n3,duplicate,content,,${id('DUP-B')},DUP-B\n`,
      );
      // An import's listed lines go with it (a workspace deleted takes its imports), and no other's.
      const listedOf = (importId: string) =>
        inWorkspace(api.database.db, admin.workspaceId, (tx) =>
          tx.selectFrom('import_row_matches').select('line').where('import_id', '=', importId).execute(),
        );
      await inWorkspace(api.database.db, admin.workspaceId, (tx) =>
        tx.deleteFrom('imports').where('id', '=', again.id).execute(),
      );
      assert.deepEqual(await listedOf(again.id), []);
      assert.equal((await listedOf(twice.id)).length, 1);
    });

    test('analysts cannot import; other workspaces cannot see an import', async () => {
      const analyst = await addMember(api, admin, 'analyst');
      const { payload, headers } = multipart(
        { kind: 'customers' },
        { name: 'c.csv', data: csv('Name\nA\n') },
      );
      const refused = await analyst.request({ method: 'POST', url: '/api/v1/imports', payload, headers });
      assert.equal(refused.status, 403);

      const done = await uploadAndWait(
        admin,
        { kind: 'customers' },
        { name: 'c.csv', data: csv('Name\nAnn\n') },
      );
      const other = await signUp(api, 'Other');
      const hidden = await other.request({ method: 'GET', url: `/api/v1/imports/${done.id}` });
      assert.equal(hidden.status, 404);
    });

    test('the list shows the workspace imports newest first, filtered and a page at a time', async () => {
      const owner = await signUp(api, 'Lists');
      const first = await uploadAndWait(
        owner,
        { kind: 'customers' },
        { name: 'a.csv', data: csv('Name\nA\n') },
      );
      const second = await uploadAndWait(
        owner,
        { kind: 'transactions' },
        { name: 'b.csv', data: csv('Customer Name,Date,Amount\nB,2024-01-02,5\n') },
      );
      const all = await owner.request({ method: 'GET', url: '/api/v1/imports' });
      assert.equal(all.status, 200);
      assert.deepEqual(
        all.body.data.map((i: { id: string }) => i.id),
        [second.id, first.id],
      );
      assert.equal(all.body.data[1].fileName, 'a.csv');
      assert.equal(all.body.data[1].counts.imported, 1);

      const page = await owner.request({ method: 'GET', url: '/api/v1/imports?limit=1' });
      assert.deepEqual(
        page.body.data.map((i: { id: string }) => i.id),
        [second.id],
      );
      const next = await owner.request({
        method: 'GET',
        url: `/api/v1/imports?limit=1&cursor=${page.body.nextCursor}`,
      });
      assert.deepEqual(
        next.body.data.map((i: { id: string }) => i.id),
        [first.id],
      );
      assert.equal(next.body.nextCursor, null);

      const customers = await owner.request({
        method: 'GET',
        url: '/api/v1/imports?kind=customers&status=done',
      });
      assert.deepEqual(
        customers.body.data.map((i: { id: string }) => i.id),
        [first.id],
      );
      const bad = await owner.request({ method: 'GET', url: '/api/v1/imports?status=finished' });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].path, 'querystring.status');

      const stranger = await signUp(api, 'Stranger');
      const none = await stranger.request({ method: 'GET', url: '/api/v1/imports' });
      assert.deepEqual(none.body.data, []);
    });
  });
}

describe('imports across a server restart', () => {
  test('an upload left running by a server that died is taken up again when the next one starts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'clm-import-restart-'));
    try {
      const first = await openTestDatabase({ dataDir });
      const user = await createUser(first.db, { email: uniqueEmail(), password: 'correct horse battery' });
      const workspaceId = (await createWorkspace(first.db, user.id, { name: 'Restart' })).id;
      const file = Buffer.from('客户编号,日期,金额\nR1,2024-01-01,1\nR2,2024-01-02,2\n');
      const id = await inWorkspace(first.db, workspaceId, async (tx) => {
        const row = await createImport(tx, workspaceId, {
          kind: 'transactions',
          fileName: 'r.csv',
          source: 'upload',
          fileSize: file.length,
          options: {},
          userId: user.id,
        });
        await tx
          .insertInto('import_file_chunks')
          .values({ workspace_id: workspaceId, import_id: row.id, seq: 0, data: file })
          .execute();
        // What a server that died mid-import leaves: running, claimed by a process that is gone.
        await tx
          .updateTable('imports')
          .set({ status: 'running', runner: 'elsewhere:1', lease_until: new Date(Date.now() + 3_600_000) })
          .where('id', '=', row.id)
          .execute();
        return row.id;
      });
      await first.close();

      const second = await openTestDatabase({ dataDir });
      const app = await buildApp(second, { runJobs: true });
      await app.ready();
      try {
        let status = 'running';
        for (let i = 0; i < 200 && status === 'running'; i++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          status = (await inWorkspace(second.db, workspaceId, (tx) => findImport(tx, id))).status;
        }
        const done = await inWorkspace(second.db, workspaceId, (tx) => findImport(tx, id));
        assert.equal(done.status, 'done', done.error ?? '');
        assert.equal(Number(done.imported_rows), 2);
      } finally {
        await app.close();
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
