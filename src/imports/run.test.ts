import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { databaseTargets, openTestDatabase, uniqueEmail } from '../../test/support.js';
import { unpackedCdnow } from '../analytics/cdnow-sample.fixture.js';
import type { Database } from '../db/database.js';
import { inWorkspace } from '../db/tenant.js';
import { createUser } from '../users/service.js';
import { createWorkspace } from '../workspaces/service.js';
import type { ImportKind } from './fields.js';
import { runImport } from './run.js';
import { createImport, type ImportOptions, importToJson } from './store.js';

const DATASET = (name: string) => `${unpackedCdnow()}${name}`;
const CDNOW = DATASET('cdnow_master_transactions.csv');
const BATCH_ROWS = 2_500;

/** The blank-separated cells of each line of a CDNOW text file, read independently of the importer. */
const textLines = (path: string) =>
  readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => l.trim().split(/ +/));

for (const target of databaseTargets) {
  describe(`imports on ${target.name}`, () => {
    let database: Database;
    let userId: string;
    const dir = mkdtempSync(join(tmpdir(), 'clm-import-'));

    before(async () => {
      database = await openTestDatabase({ url: target.url });
      userId = (await createUser(database.db, { email: uniqueEmail(), password: 'correct horse battery' }))
        .id;
    });
    after(async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const newWorkspace = async () => (await createWorkspace(database.db, userId, { name: 'Import' })).id;

    /**
     * An import of the transactions file at `path`, run until its first batch (of BATCH_ROWS, smaller
     * than the import's own so that a small file spans several) is written, then stopped.
     */
    async function stoppedAfterFirstBatch(workspaceId: string, path: string, options: ImportOptions = {}) {
      const abort = new AbortController();
      const row = await inWorkspace(database.db, workspaceId, (tx) =>
        createImport(tx, workspaceId, {
          kind: 'transactions',
          fileName: basename(path),
          source: 'path',
          path,
          fileSize: statSync(path).size,
          options,
          userId: null,
        }),
      );
      const stopped = await runImport(database.db, workspaceId, row.id, {
        open: () => createReadStream(path),
        signal: abort.signal,
        batchRows: BATCH_ROWS,
        onProgress: () => abort.abort(),
      });
      return { id: row.id, stopped };
    }

    async function importFile(
      workspaceId: string,
      kind: ImportKind,
      file: string | Buffer,
      options: ImportOptions = {},
      signal?: AbortSignal,
    ) {
      let path = file as string;
      if (Buffer.isBuffer(file)) {
        path = join(dir, `${Math.random().toString(36).slice(2)}.csv`);
        writeFileSync(path, file);
      }
      const row = await inWorkspace(database.db, workspaceId, (tx) =>
        createImport(tx, workspaceId, {
          kind,
          fileName: 'file.csv',
          source: 'path',
          path,
          fileSize: statSync(path).size,
          options,
          userId: null,
        }),
      );
      const done = await runImport(database.db, workspaceId, row.id, {
        open: () => createReadStream(path),
        signal,
      });
      const errors = await inWorkspace(database.db, workspaceId, (tx) =>
        tx
          .selectFrom('import_errors')
          .select(['line', 'column_name as column', 'value', 'reason'])
          .where('import_id', '=', row.id)
          .orderBy('line')
          .orderBy('column_name')
          .execute(),
      );
      return { ...importToJson(done), errors, row: done };
    }

    const totals = (workspaceId: string) =>
      inWorkspace(database.db, workspaceId, async (tx) => {
        const { rows } = await sql<{
          transactions: number;
          customers: number;
          revenue: string;
          stats: number;
        }>`
          select (select count(*)::int from transactions) as transactions,
            (select count(*)::int from customers) as customers,
            (select coalesce(sum(amount), 0)::text from transactions) as revenue,
            (select coalesce(sum(purchase_count), 0)::int from customer_stats) as stats`.execute(tx);
        return rows[0];
      });

    test('the CDNOW master file: every purchase, identical ones too, once per customer; again adds nothing', async () => {
      const lines = readFileSync(CDNOW, 'utf8').trim().split(/\r?\n/).slice(1);
      const customers = new Set(lines.map((l) => l.split(',')[0])).size;
      const cents = lines.reduce((sum, l) => sum + Math.round(Number(l.split(',')[3]) * 100), 0);
      const ws = await newWorkspace();
      const first = await importFile(ws, 'transactions', CDNOW, {
        mapping: { customer_id: 'customerExternalId' },
      });
      assert.equal(first.status, 'done', first.error ?? '');
      assert.deepEqual(first.counts, {
        read: lines.length,
        imported: lines.length,
        updated: 0,
        duplicates: 0,
        rejected: 0,
      });
      assert.deepEqual(await totals(ws), {
        transactions: 69_659,
        customers,
        revenue: (cents / 100).toFixed(2),
        stats: 69_659,
      });
      assert.equal(customers, 23_570);

      const again = await importFile(ws, 'transactions', CDNOW, {
        mapping: { customer_id: 'customerExternalId' },
      });
      assert.deepEqual(again.counts, {
        read: lines.length,
        imported: 0,
        updated: 0,
        duplicates: lines.length,
        rejected: 0,
      });
      assert.equal((await totals(ws)).transactions, 69_659);
    });

    test('order ids: an order is imported once, whether repeated in the file or imported before; ids grow with the line', async () => {
      const ws = await newWorkspace();
      const mapping = { order_id: 'externalId', customer_id: 'customerExternalId' };
      const first = await importFile(
        ws,
        'transactions',
        Buffer.from('order_id,customer_id,date,amount\nA1,C1,2024-01-02,10\n'),
        { mapping },
      );
      assert.deepEqual(first.counts, { read: 1, imported: 1, updated: 0, duplicates: 0, rejected: 0 });
      // A1 was imported before (the anti-join leaves it out); A2 twice in the file (its first line goes
      // in); A3 once; the last row has no order id and is keyed by its content.
      const file =
        'order_id,customer_id,date,amount\nA2,C2,2024-01-03,20\nA1,C1,2024-01-02,10\nA3,C1,2024-01-04,30\nA2,C3,2024-01-05,99\n,C1,2024-01-04,30\n';
      const second = await importFile(ws, 'transactions', Buffer.from(file), { mapping });
      assert.deepEqual(second.counts, { read: 5, imported: 3, updated: 0, duplicates: 2, rejected: 0 });
      const orders = await inWorkspace(database.db, ws, (tx) =>
        tx.selectFrom('transactions').select(['external_id', 'amount']).orderBy('id').execute(),
      );
      assert.deepEqual(
        orders.map((o) => [o.external_id, Number(o.amount)]),
        [
          ['A1', 10],
          ['A2', 20],
          ['A3', 30],
          [null, 30],
        ],
        'the ids of one import in the order of its lines, after those of the import before',
      );
      const again = await importFile(ws, 'transactions', Buffer.from(file), { mapping });
      assert.deepEqual(again.counts, { read: 5, imported: 0, updated: 0, duplicates: 5, rejected: 0 });
      assert.deepEqual(await totals(ws), { transactions: 4, customers: 3, revenue: '90.00', stats: 4 });
      // An order the workspace holds is a duplicate whatever customer its row names: none is created.
      const renamed = await importFile(
        ws,
        'transactions',
        Buffer.from('order_id,customer_id,date,amount\nA1,C9,2024-02-01,15\nA4,C1,2024-02-02,40\n'),
        { mapping },
      );
      assert.deepEqual(renamed.counts, { read: 2, imported: 1, updated: 0, duplicates: 1, rejected: 0 });
      assert.deepEqual(await totals(ws), { transactions: 5, customers: 3, revenue: '130.00', stats: 5 });
    });

    /** The first and last purchase days, in the workspace's own time zone. */
    const purchaseDays = (workspaceId: string) =>
      inWorkspace(database.db, workspaceId, async (tx) => {
        const { rows } = await sql<{ first: string; last: string }>`
          select min((t.occurred_at at time zone w.timezone)::date)::text as first,
            max((t.occurred_at at time zone w.timezone)::date)::text as last
          from transactions t join workspaces w on w.id = t.workspace_id`.execute(tx);
        return rows[0];
      });

    test('CDNOW_master.txt, blank-separated with YYYYMMDD dates: every purchase of every customer, to the cent', async () => {
      const lines = textLines(DATASET('CDNOW_master.txt')).slice(1);
      const customers = new Set(lines.map((l) => l[0])).size;
      const cents = lines.reduce((sum, l) => sum + Math.round(Number(l[3]) * 100), 0);
      const ws = await newWorkspace();
      const done = await importFile(ws, 'transactions', DATASET('CDNOW_master.txt'), {
        mapping: { customer_id: 'customerExternalId', date: 'occurredAt', dollar_value: 'amount' },
      });
      assert.equal(done.status, 'done', done.error ?? '');
      assert.equal(done.row.format && (done.row.format as { delimiter?: string }).delimiter, 'whitespace');
      assert.deepEqual(done.counts, {
        read: 69_659,
        imported: 69_659,
        updated: 0,
        duplicates: 0,
        rejected: 0,
      });
      assert.deepEqual(await totals(ws), {
        transactions: lines.length,
        customers: 23_570,
        revenue: (cents / 100).toFixed(2),
        stats: lines.length,
      });
      assert.equal(customers, 23_570);
      assert.deepEqual(await purchaseDays(ws), { first: '1997-01-01', last: '1998-06-30' });
    });

    test('CDNOW_sample.txt has no header: unmapped it fails naming the missing fields, mapped by number it imports whole', async () => {
      const path = DATASET('CDNOW_sample.txt');
      const lines = textLines(path);
      const customers = new Set(lines.map((l) => l[0])).size;
      const cents = lines.reduce((sum, l) => sum + Math.round(Number(l[4]) * 100), 0);
      const ws = await newWorkspace();
      const unmapped = await importFile(ws, 'transactions', path, { header: false });
      assert.equal(unmapped.status, 'failed');
      assert.equal(
        unmapped.error,
        "the file's columns do not fit a transactions import (the file has no header: map its columns by number, 1 to 5): " +
          'no column maps to the required field occurredAt; no column maps to the required field amount; ' +
          'no column names the customer: map one to customerExternalId, customerPhone, customerEmail',
      );
      assert.equal((await totals(ws)).transactions, 0);

      const done = await importFile(ws, 'transactions', path, {
        header: false,
        mapping: { 1: 'customerExternalId', 3: 'occurredAt', 5: 'amount' },
      });
      assert.equal(done.status, 'done', done.error ?? '');
      assert.deepEqual(done.counts, { read: 6919, imported: 6919, updated: 0, duplicates: 0, rejected: 0 });
      assert.deepEqual(await totals(ws), {
        transactions: 6919,
        customers: 2357,
        revenue: (cents / 100).toFixed(2),
        stats: 6919,
      });
      assert.equal(customers, 2357);
      assert.equal(lines.length, 6919);
      assert.deepEqual(await purchaseDays(ws), { first: '1997-01-01', last: '1998-06-30' });
    });

    test('a file without a header stopped between batches resumes without losing or repeating its first row', async () => {
      const rows: string[] = [];
      for (let i = 0; i < 2_600; i++)
        rows.push(`K${i % 500}  2024-0${1 + (i % 9)}-1${i % 10}  ${(i % 7) + 1}.50`);
      const path = join(dir, 'no-header.txt');
      writeFileSync(path, `${rows.join('\r\n')}\r\n`);
      const options: ImportOptions = {
        header: false,
        mapping: { 1: 'customerExternalId', 2: 'occurredAt', 3: 'amount' },
      };
      const whole = await newWorkspace();
      const reference = await importFile(whole, 'transactions', path, options);
      assert.deepEqual(reference.counts, {
        read: 2_600,
        imported: 2_600,
        updated: 0,
        duplicates: 0,
        rejected: 0,
      });

      const ws = await newWorkspace();
      const { id, stopped } = await stoppedAfterFirstBatch(ws, path, options);
      assert.equal(stopped.status, 'running');
      assert.equal(Number(stopped.rows_done), BATCH_ROWS);
      const resumed = await runImport(database.db, ws, id, { open: () => createReadStream(path) });
      assert.deepEqual(importToJson(resumed).counts, reference.counts);
      assert.deepEqual(await totals(ws), await totals(whole));
    });

    /** A workspace's customers and transactions, in an order independent of how they were written. */
    const snapshot = (workspaceId: string) =>
      inWorkspace(database.db, workspaceId, async (tx) => {
        const customers = await sql<{ c: string }>`
          select concat_ws('|', name, external_id, array_to_string(phones, ','), array_to_string(emails, ','),
            source) as c
          from customers order by 1`.execute(tx);
        const transactions = await sql<{ t: string }>`
          select concat_ws('|', c.name, c.external_id, t.occurred_at::text, t.amount::text, t.import_key) as t
          from transactions t join customers c on c.id = t.customer_id order by 1`.execute(tx);
        return { customers: customers.rows.map((r) => r.c), transactions: transactions.rows.map((r) => r.t) };
      });

    test('in short transactions (the embedded server) a merge resolves, numbers and counts like one transaction, and resumes after a crash', async () => {
      // People named by id, phone or e-mail in any order: a phone-only row before the row that gives the
      // same phone an id, identical purchases, and rows of customers that are unknown when none may be made.
      const lines = ['customer_id,phone,email,name,date,amount'];
      let seed = 7;
      const random = () => {
        seed = (seed * 48271) % 2147483647;
        return seed / 2147483647;
      };
      for (let i = 0; i < 600; i++) {
        const p = Math.floor(random() * 80);
        const phone = `+86139${String(10000000 + p).slice(-8)}`;
        const ref = [
          [`V-${p}`, phone, '', `客户 ${p}`],
          ['', phone, '', ''],
          ['', '', `p${p}@example.com`, `Person ${p}`],
          [`V-${p}`, '', `p${p}@example.com`, ''],
        ][Math.floor(random() * 4)];
        const day = `2025-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 10)}`;
        lines.push([...ref, day, `${1 + Math.floor(random() * 5)}.00`].join(','));
      }
      const file = Buffer.from(`${lines.join('\n')}\n`);
      const path = join(dir, 'slices.csv');
      writeFileSync(path, file);
      const start = async (ws: string, options: ImportOptions) =>
        (
          await inWorkspace(database.db, ws, (tx) =>
            createImport(tx, ws, {
              kind: 'transactions',
              fileName: 'slices.csv',
              source: 'path',
              path,
              fileSize: file.length,
              options,
              userId: null,
            }),
          )
        ).id;
      const errorsOf = (ws: string, id: string) =>
        inWorkspace(database.db, ws, (tx) =>
          tx
            .selectFrom('import_errors')
            .select(['line', 'reason'])
            .where('import_id', '=', id)
            .orderBy('line')
            .execute(),
        );

      for (const createCustomers of [true, false]) {
        const options: ImportOptions = {
          createCustomers,
          mapping: {
            customer_id: 'customerExternalId',
            phone: 'customerPhone',
            email: 'customerEmail',
            name: 'customerName',
            date: 'occurredAt',
            amount: 'amount',
          },
        };
        // Without creating customers, a few exist beforehand: the others' rows are refused.
        const prepare = async () => {
          const ws = await newWorkspace();
          if (!createCustomers)
            await inWorkspace(database.db, ws, (tx) =>
              tx
                .insertInto('customers')
                .values(
                  [3, 5, 8, 13, 21].map((p) => ({
                    workspace_id: ws,
                    name: `Known ${p}`,
                    external_id: `V-${p}`,
                    custom: '{}',
                    consent: '{}',
                  })),
                )
                .execute(),
            );
          return ws;
        };
        const whole = await prepare();
        const reference = await importFile(whole, 'transactions', file, options);
        assert.equal(reference.status, 'done', reference.error ?? '');
        const expected = await snapshot(whole);
        assert.ok(expected.transactions.length > 0);

        const sliced = await prepare();
        const id = await start(sliced, options);
        const done = await runImport(database.db, sliced, id, {
          open: () => createReadStream(path),
          batchRows: 40,
          sliceRows: 40,
        });
        assert.deepEqual(importToJson(done).counts, reference.counts);
        assert.deepEqual(await snapshot(sliced), expected);
        assert.deepEqual(await errorsOf(sliced, id), await errorsOf(whole, reference.row.id));

        // Stopped after two ranges of rows (a shutdown; a crash leaves the same): what was committed stays,
        // the next run does the rest once.
        const crashed = await prepare();
        const crashId = await start(crashed, options);
        const abort = new AbortController();
        let reports = 0;
        const stopped = await runImport(database.db, crashed, crashId, {
          open: () => createReadStream(path),
          batchRows: 40,
          sliceRows: 40,
          signal: abort.signal,
          // The last batch staged, then a report per range merged.
          onProgress: (row) => {
            if (Number(row.read_rows) === 600 && ++reports === 3) abort.abort();
          },
        });
        assert.equal(stopped.status, 'running');
        const part = (await snapshot(crashed)).transactions.length;
        assert.ok(part > 0 && part < expected.transactions.length, 'the ranges before the stop are in');
        const resumed = await runImport(database.db, crashed, crashId, {
          open: () => createReadStream(path),
          batchRows: 40,
          sliceRows: 40,
        });
        assert.deepEqual(importToJson(resumed).counts, reference.counts);
        assert.deepEqual(await snapshot(crashed), expected);
        assert.deepEqual(await errorsOf(crashed, crashId), await errorsOf(whole, reference.row.id));
      }
    });

    test('an import stopped between batches continues where it stopped and ends with the same rows', async () => {
      const rows = ['customer,date,amount'];
      for (let i = 0; i < 6_000; i++)
        rows.push(`K${i % 5000},2024-0${1 + (i % 9)}-1${i % 10},${(i % 7) + 1}.50`);
      const file = Buffer.from(`${rows.join('\n')}\n`);
      const whole = await newWorkspace();
      const reference = await importFile(whole, 'transactions', file);
      assert.equal(reference.counts.imported, 6_000);

      const ws = await newWorkspace();
      const path = join(dir, 'resume.csv');
      writeFileSync(path, file);
      const { id, stopped } = await stoppedAfterFirstBatch(ws, path);
      assert.equal(stopped.status, 'running');
      assert.ok(Number(stopped.rows_done) > 0 && Number(stopped.rows_done) < 6_000);
      assert.equal((await totals(ws)).transactions, 0, 'nothing is merged before the whole file is staged');

      const resumed = await runImport(database.db, ws, id, { open: () => createReadStream(path) });
      assert.deepEqual(importToJson(resumed).counts, reference.counts);
      assert.deepEqual(await totals(ws), await totals(whole));
    });

    test('an import whose staged rows a database crash emptied reads its file again from the start, counts and refused rows included', async () => {
      const rows = ['customer,date,amount'];
      for (let i = 0; i < 6_000; i++)
        rows.push(`K${i % 5000},2024-0${1 + (i % 9)}-1${i % 10},${i === 10 ? 'x' : `${(i % 7) + 1}.50`}`);
      const file = Buffer.from(`${rows.join('\n')}\n`);
      const whole = await newWorkspace();
      const reference = await importFile(whole, 'transactions', file);
      assert.deepEqual([reference.counts.imported, reference.counts.rejected], [5_999, 1]);

      const ws = await newWorkspace();
      const path = join(dir, 'crashed.csv');
      writeFileSync(path, file);
      const { id, stopped } = await stoppedAfterFirstBatch(ws, path);
      assert.ok(Number(stopped.rows_done) > 0);
      // What crash recovery does to the unlogged staging tables: they come back empty.
      await inWorkspace(database.db, ws, async (tx) => {
        await sql`delete from import_transaction_rows where import_id = ${id}`.execute(tx);
        await sql`delete from import_stage_marks where import_id = ${id}`.execute(tx);
      });

      const resumed = await runImport(database.db, ws, id, { open: () => createReadStream(path) });
      assert.deepEqual(importToJson(resumed).counts, reference.counts);
      assert.deepEqual(await totals(ws), await totals(whole));
      const errors = await inWorkspace(database.db, ws, (tx) =>
        tx.selectFrom('import_errors').select('line').where('import_id', '=', id).execute(),
      );
      assert.deepEqual(errors, [{ line: 12 }], 'the refused row is listed once');
      const marks = await inWorkspace(database.db, ws, (tx) =>
        sql`select 1 from import_stage_marks where import_id = ${id}`.execute(tx),
      );
      assert.equal(marks.rows.length, 0, 'a finished import leaves no mark');
    });

    test('customers: matches by external id, phone or e-mail update, repeats are duplicates, again changes nothing', async () => {
      const ws = await newWorkspace();
      await inWorkspace(database.db, ws, (tx) =>
        tx
          .insertInto('customers')
          .values({
            workspace_id: ws,
            name: 'Old Name',
            phones: ['+8613912345678'],
            custom: '{}',
            consent: '{}',
          })
          .execute(),
      );
      const file = Buffer.from(
        '\uFEFF姓名;手机;邮箱;公司;生日;标签;客户编号\n' +
          '张伟;139 1234 5678;;;1990年1月2日;VIP、老客户;\n' +
          '李娜;138 0000 1111;Li.Na@Example.com;Acme;;;L1\n' +
          '李娜 again;;li.na@example.com;;;;\n' +
          '王芳;;;;;;\n' +
          '王芳;;;;;;\n' +
          ';;;;;;\n' +
          'Bad Phone;12;;;;;\n',
      );
      const first = await importFile(ws, 'customers', file);
      assert.equal(first.status, 'done', first.error ?? '');
      assert.deepEqual(first.counts, { read: 6, imported: 3, updated: 1, duplicates: 1, rejected: 1 });
      assert.deepEqual(first.errors, [
        { line: 8, column: '手机', value: '12', reason: 'is not a valid phone number' },
      ]);
      const people = await inWorkspace(database.db, ws, (tx) =>
        tx
          .selectFrom('customers')
          .select(['name', 'phones', 'emails', 'birthday', 'tags', 'company'])
          .orderBy('name')
          .execute(),
      );
      assert.deepEqual(people, [
        {
          name: '张伟',
          phones: ['+8613912345678'],
          emails: [],
          birthday: '1990-01-02',
          tags: ['VIP', '老客户'],
          company: null,
        },
        {
          name: '李娜',
          phones: ['+8613800001111'],
          emails: ['li.na@example.com'],
          birthday: null,
          tags: [],
          company: 'Acme',
        },
        { name: '王芳', phones: [], emails: [], birthday: null, tags: [], company: null },
        { name: '王芳', phones: [], emails: [], birthday: null, tags: [], company: null },
      ]);
      const again = await importFile(ws, 'customers', file);
      assert.deepEqual(again.counts, { read: 6, imported: 0, updated: 0, duplicates: 5, rejected: 1 });
      assert.equal((await totals(ws)).customers, 4);
    });

    test('broken files: each fails as a whole or lists its bad rows, as expected', async () => {
      const ws = await newWorkspace();
      const binary = await importFile(ws, 'transactions', Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 0, 7, 8]));
      assert.equal(binary.status, 'failed');
      assert.match(binary.error ?? '', /neither a CSV or TSV text file nor an XLSX workbook/);

      const noRows = await importFile(ws, 'transactions', Buffer.from('customer_id,date,amount\n'));
      assert.equal(noRows.status, 'failed');
      assert.match(noRows.error ?? '', /no data rows/);

      const allBad = await importFile(
        ws,
        'transactions',
        Buffer.from('customer_id,date,amount\nA,never,1\nB,2024-01-01,x\n'),
      );
      assert.equal(allBad.status, 'failed');
      assert.match(allBad.error ?? '', /no row of the file can be imported/);
      assert.equal(allBad.errors.length, 2);

      const columns = await importFile(
        ws,
        'transactions',
        Buffer.from(
          'customer_id,date,amount\nA,2024-01-01,1\nB,2024-01-02\nC,2024-01-03,3,extra\nD,2024-01-04,4,\n',
        ),
      );
      assert.deepEqual(columns.counts, { read: 4, imported: 2, updated: 0, duplicates: 0, rejected: 2 });
      assert.deepEqual(
        columns.errors.map((e) => [e.line, e.reason]),
        [
          [3, 'has 2 columns where the header has 3'],
          [4, 'has 4 columns where the header has 3'],
        ],
      );

      const quote = await importFile(
        ws,
        'transactions',
        Buffer.from('customer_id,date,amount\nQ,2024-02-01,1\nR,"2024-02-02,2\nS,2024-02-03,3\n'),
      );
      assert.deepEqual(quote.counts, { read: 2, imported: 1, updated: 0, duplicates: 0, rejected: 1 });
      assert.equal(quote.errors[0].reason, 'a quoted field is not closed before the end of the file');

      const huge = await importFile(
        ws,
        'interactions',
        Buffer.from(
          `customer_id,date,summary\nA,2024-01-01,"${'x'.repeat(10 * 1024 * 1024)}"\nA,2024-01-02,called\n`,
        ),
      );
      assert.deepEqual(huge.counts, { read: 2, imported: 1, updated: 0, duplicates: 0, rejected: 1 });
      assert.deepEqual(
        [huge.errors[0].line, huge.errors[0].column, huge.errors[0].reason],
        [2, 'summary', 'is longer than 10000 characters'],
      );
      assert.ok(huge.errors[0].value.length <= 201);

      const missing = await importFile(ws, 'customers', Buffer.from('phone,email\n13812345678,a@b.c\n'));
      assert.equal(missing.status, 'failed');
      assert.match(missing.error ?? '', /no column maps to the required field name/);
      assert.equal((await totals(ws)).transactions, 3);
    });

    test('a row with a date out of range or a NUL byte is refused by line and column, not stored', async () => {
      const ws = await newWorkspace();
      // A NUL in the first 64 KiB marks the whole file as binary; past them, it is one bad cell.
      const filler = Array.from({ length: 1000 }, (_, i) => `F,2024-01-02,1,${'n'.repeat(60)}${i}\n`).join(
        '',
      );
      const file = Buffer.from(
        `customer_id,date,amount,note\nA,9999-12-31,1,x\n${filler}B,2024-01-02,2,a\u0000b\n`,
      );
      const result = await importFile(ws, 'transactions', file, {
        mapping: {
          customer_id: 'customerExternalId',
          date: 'occurredAt',
          amount: 'amount',
          note: 'externalId',
        },
      });
      assert.deepEqual(result.counts, { read: 1002, imported: 1000, updated: 0, duplicates: 0, rejected: 2 });
      assert.deepEqual(
        result.errors.map((e) => [e.line, e.column, e.value, e.reason]),
        [
          [2, 'date', '9999-12-31', 'is outside 1900-01-01 to 2999-12-31'],
          [1003, 'note', 'a\ufffdb', 'must not contain NUL characters'],
        ],
      );
      assert.equal((await totals(ws)).transactions, 1000);
    });

    test('a dry run counts what an import would do and changes nothing', async () => {
      const ws = await newWorkspace();
      const file = Buffer.from(
        'email,date,amount\na@example.com,2024-01-01,1\nb@example.com,2024-01-02,2\nbad,2024-01-03,3\n',
      );
      const dry = await importFile(ws, 'transactions', file, { dryRun: true, createCustomers: false });
      assert.equal(dry.status, 'done');
      assert.equal(dry.dryRun, true);
      assert.deepEqual(dry.counts, { read: 3, imported: 0, updated: 0, duplicates: 0, rejected: 3 });
      assert.equal(dry.errors.length, 3);
      const wet = await importFile(ws, 'transactions', file, { dryRun: true });
      assert.deepEqual(wet.counts, { read: 3, imported: 2, updated: 0, duplicates: 0, rejected: 1 });
      assert.deepEqual(await totals(ws), { transactions: 0, customers: 0, revenue: '0', stats: 0 });
    });
  });
}
