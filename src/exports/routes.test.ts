import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';

for (const target of databaseTargets) {
  describe(`exports on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    let lineId: string;
    const customers: Record<string, string> = {};

    async function post(url: string, payload: object) {
      const res = await alice.request({ method: 'POST', url, payload });
      assert.ok(res.status < 300, `${url}: ${JSON.stringify(res.body)}`);
      return res.body;
    }
    const download = (url: string) =>
      api.app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${alice.token}`, 'clm-workspace': alice.workspaceId },
      });
    async function listAll(url: string) {
      const rows = [];
      let cursor: string | null = null;
      do {
        const sep = url.includes('?') ? '&' : '?';
        const page: { body: { data: Record<string, unknown>[]; nextCursor: string | null } } =
          await alice.request({
            method: 'GET',
            url: `${url}${sep}limit=500${cursor ? `&cursor=${cursor}` : ''}`,
          });
        rows.push(...page.body.data);
        cursor = page.body.nextCursor;
      } while (cursor);
      return rows;
    }
    const csvRows = (body: Buffer) => parse(body, { bom: true, columns: true }) as Record<string, string>[];
    async function xlsxRows(body: Buffer) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(body as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0]!;
      const headers = (sheet.getRow(1).values as string[]).slice(1);
      const rows: Record<string, unknown>[] = [];
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        const values = row.values as unknown[];
        rows.push(Object.fromEntries(headers.map((h, i) => [h, values[i + 1] ?? null])));
      });
      return rows;
    }

    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api, 'Export');
      lineId = (await post('/api/v1/business-lines', { name: '配件 Parts' })).id;
      for (const [key, payload] of [
        [
          'wang',
          { name: '王芳', phones: ['13812345678'], emails: ['fang@acme.cn'], tags: ['vip'], company: '华新' },
        ],
        ['formula', { name: '=HYPERLINK("http://evil","x")', tags: ['vip', '+cmd'], region: '@home' }],
        ['plain', { name: 'Li Lei', region: '-', custom: { size: 3 } }],
      ] as const)
        customers[key] = (await post('/api/v1/customers', payload)).id;
      // More transactions than one export page holds.
      const transactions = Array.from({ length: 2345 }, (_, i) => ({
        customerId: i % 3 === 0 ? customers.wang : customers.plain,
        occurredAt: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString(),
        amount: i % 50 === 0 ? '-10.50' : `${(i % 700) + 1}.25`,
        ...(i % 2 ? { businessLineId: lineId, margin: '1.10' } : {}),
      }));
      await post('/api/v1/transactions/bulk', { transactions });
    });
    after(() => api.close());

    test('customers.csv: UTF-8 with a BOM, the rows of the list, formulas defused', async () => {
      const res = await download('/api/v1/exports/customers.csv?sort=name');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
      assert.equal(res.headers['content-disposition'], 'attachment; filename="customers.csv"');
      assert.deepEqual([...res.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      const rows = csvRows(res.rawPayload);
      const listed = await listAll('/api/v1/customers?sort=name');
      assert.deepEqual(
        rows.map((r) => r.id),
        listed.map((c) => c.id),
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      const wang = byId.get(customers.wang!)!;
      assert.equal(wang.name, '王芳');
      assert.equal(wang.phones, '+8613812345678');
      assert.equal(wang.emails, 'fang@acme.cn');
      assert.equal(wang.company, '华新');
      const formula = byId.get(customers.formula!)!;
      assert.equal(formula.name, `'=HYPERLINK("http://evil","x")`);
      assert.equal(formula.tags, 'vip; +cmd');
      assert.equal(formula.region, "'@home");
      const plain = byId.get(customers.plain!)!;
      assert.equal(plain.region, "'-");
      assert.equal(plain.custom, '{"size":3}');
      assert.equal(plain.birthday, '');
      // The list's activity columns: the last of wang's purchases (every third hour, the last at i = 2343).
      assert.equal(wang.lastPurchaseAt, new Date(Date.UTC(2025, 0, 1) + 2343 * 3_600_000).toISOString());
      assert.deepEqual([formula.lastPurchaseAt, formula.nextFollowUpOn], ['', '']);
    });

    test('the same filters as the list: a tag, a search', async () => {
      const vip = csvRows((await download('/api/v1/exports/customers.csv?tag=vip')).rawPayload);
      assert.deepEqual(vip.map((r) => r.id).sort(), [customers.wang, customers.formula].sort());
      const found = csvRows((await download('/api/v1/exports/customers.csv?q=wangfang')).rawPayload);
      assert.deepEqual(
        found.map((r) => r.id),
        [customers.wang],
      );
      const bad = await download('/api/v1/exports/customers.csv?kind=robot');
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().errors[0].path, 'querystring.kind');
    });

    test('customers.xlsx reads back as the same rows, with cells defused', async () => {
      const res = await download('/api/v1/exports/customers.xlsx');
      assert.equal(res.statusCode, 200);
      assert.equal(
        res.headers['content-type'],
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      const rows = await xlsxRows(res.rawPayload);
      const listed = await listAll('/api/v1/customers');
      assert.deepEqual(
        rows.map((r) => r.id),
        listed.map((c) => c.id),
      );
      const formula = rows.find((r) => r.id === customers.formula)!;
      assert.equal(formula.name, `'=HYPERLINK("http://evil","x")`);
      assert.equal(rows.find((r) => r.id === customers.wang)!.name, '王芳');
    });

    test('transactions.csv and .xlsx hold every transaction across pages, amounts exact', async () => {
      const listed = await listAll('/api/v1/transactions');
      assert.equal(listed.length, 2345);
      const csv = csvRows((await download('/api/v1/exports/transactions.csv')).rawPayload);
      assert.deepEqual(
        csv.map((r) => [r.id, r.amount, r.margin, r.occurredAt, r.customerId]),
        listed.map((t) => [t.id, t.amount, t.margin ?? '', t.occurredAt, t.customerId]),
      );
      const first = csv.find((r) => r.businessLineId === lineId)!;
      assert.equal(first.businessLine, '配件 Parts');
      assert.ok(csv.every((r) => r.customerName === (r.customerId === customers.wang ? '王芳' : 'Li Lei')));
      assert.ok(
        csv.some((r) => r.amount === '-10.50'),
        'a refund stays a number, not defused text',
      );

      const xlsx = await xlsxRows((await download('/api/v1/exports/transactions.xlsx')).rawPayload);
      assert.equal(xlsx.length, 2345);
      const cents = (rows: Record<string, unknown>[]) =>
        rows.reduce((sum, r) => sum + Math.round(Number(r.amount) * 100), 0);
      assert.equal(cents(xlsx), cents(listed));
      assert.equal(typeof xlsx[0]!.amount, 'number');

      const filtered = csvRows(
        (await download(`/api/v1/exports/transactions.csv?customerId=${customers.wang}&sort=occurredAt`))
          .rawPayload,
      );
      const wangs = await listAll(`/api/v1/transactions?customerId=${customers.wang}&sort=occurredAt`);
      assert.deepEqual(
        filtered.map((r) => r.id),
        wangs.map((t) => t.id),
      );
    });
  });
}
