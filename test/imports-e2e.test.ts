import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  type BrowserTest,
  shotBothWidths,
  signIn,
  skipWithoutChromium,
  startBrowserTest,
} from './browser.js';
import { DEMO_ADMIN_PASSWORD as PASSWORD } from './demo-data-dir.js';

// The import page in a real Chromium, in Chinese and in English: a file is read first, its suggested
// mapping is changed (into a clash the page names, then out of it), the first rows show which will be
// refused, and after the import the report lists the line that matched an existing customer. A purchase
// file then lists the lines it skipped: an order already recorded, and an order id given twice.
// The texts of web/src/i18n/*.ts this test reads (those files are compiled with the web app, not here).
const texts = {
  'zh-CN': {
    title: '从文件导入',
    check: '检查各列',
    fieldOf: (column: string) => `列“${column}”对应的字段`,
    clash: /都对应到“名称”/,
    firstRows: /^前 \d+ 行的读取结果$/,
    start: '开始导入',
    matches: '匹配到已有客户的行',
    byId: '按外部编号匹配',
    repeats: '与第 3 行重复',
    download: '下载匹配到客户和重复的行',
    rejected: '被拒绝的行',
    badPhone: '电话号码无效',
    kind: '文件内容',
    purchases: '购买记录',
    skipped: '作为重复跳过的行',
    recordedOrder: '已有该订单号的购买记录',
    finished: '已完成',
  },
  en: {
    title: 'Import from a file',
    check: 'Check the columns',
    fieldOf: (column: string) => `Field for the column ${column}`,
    clash: /both go to Name/,
    firstRows: /^The first \d+ rows, as they will be read$/,
    start: 'Start the import',
    matches: 'Lines that matched a customer',
    byId: 'matched by external id',
    repeats: 'repeats line 3',
    download: 'Download the matched and repeated lines',
    rejected: 'Rejected lines',
    badPhone: 'Not a valid phone number',
    kind: 'The file holds',
    purchases: 'Purchases',
    skipped: 'Lines skipped as duplicates',
    recordedOrder: 'a purchase with this order id is already recorded',
    finished: 'Finished',
  },
} as const;

describe('import with a column mapping and a row report in Chromium', { skip: skipWithoutChromium }, () => {
  let run: BrowserTest;
  let page: Page;
  const api = async (path: string, init: RequestInit = {}) => {
    const jar = new Map((await page.context().cookies(run.base)).map((c) => [c.name, c]));
    return fetch(`${run.base}/api/v1${path}`, {
      ...init,
      headers: {
        cookie: [...jar.values()].map((c) => `${c.name}=${c.value}`).join('; '),
        'x-csrf-token': jar.get('clm_csrf')?.value ?? '',
        'content-type': 'application/json',
        ...init.headers,
      },
    });
  };

  before(async () => {
    run = await startBrowserTest({ name: 'imports', demo: true });
    page = await run.browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    page.setDefaultTimeout(30_000);
  });

  after(() => run?.close());

  test('signs in', () => signIn(page, run.base, PASSWORD));

  for (const language of ['zh-CN', 'en'] as const) {
    const x = texts[language];
    const tag = language === 'zh-CN' ? 'zh' : 'en';

    test(`${language}: a file is read, remapped, imported, and its matched lines listed`, async () => {
      const locale = await api('/me', { method: 'PATCH', body: JSON.stringify({ locale: language }) });
      assert.equal(locale.status, 200);
      const code = `VIP-${tag}`;
      const existing = await api('/customers', {
        method: 'POST',
        body: JSON.stringify({ name: `Known ${tag}`, externalId: code }),
      });
      assert.equal(existing.status, 201, await existing.clone().text());
      const phone = tag === 'zh' ? '1391000' : '1392000';
      // "Loyalty card" is not a header the server recognises: the user maps it to the external id.
      const file = [
        'Name,Mobile,Loyalty card,Notes',
        `Renamed ${tag},${phone}0001,${code},first`,
        `New ${tag},${phone}0002,,second`,
        `New ${tag} again,${phone}0002,,repeats line 3`,
        `Bad phone ${tag},12345,,refused`,
      ].join('\n');

      await page.goto(`${run.base}/imports`);
      await page.getByRole('heading', { level: 1, name: x.title }).waitFor();
      await page.locator('input[type=file]').setInputFiles({
        name: `members-${tag}.csv`,
        mimeType: 'text/csv',
        buffer: Buffer.from(file),
      });
      await page.getByRole('button', { name: x.check }).click();
      const mobile = page.getByRole('combobox', { name: x.fieldOf('Mobile') });
      await mobile.waitFor();
      assert.equal(await mobile.inputValue(), 'phones', 'the server suggests phones for "Mobile"');
      const member = page.getByRole('combobox', { name: x.fieldOf('Loyalty card') });
      assert.equal(await member.inputValue(), '', 'an unknown header is left out at first');

      // Two columns on one field: the page names the clash and will not start.
      await mobile.selectOption('name');
      await page.getByRole('alert').filter({ hasText: x.clash }).waitFor();
      assert.equal(await page.getByRole('button', { name: x.start }).isDisabled(), true);
      await mobile.selectOption('phones');
      await member.selectOption('externalId');
      await page.getByRole('alert').filter({ hasText: x.clash }).waitFor({ state: 'detached' });
      await page.getByRole('heading', { name: x.firstRows }).waitFor();
      const refused = page.locator('.import-preview tr.row-refused');
      await refused.filter({ hasText: `Bad phone ${tag}` }).waitFor();
      assert.equal(await refused.count(), 1, 'only the bad phone is refused');
      await shotBothWidths(page, `imports-01-mapping-${tag}`);

      await page.getByRole('button', { name: x.start }).click();
      const report = page.locator('section.card').filter({ hasText: x.matches });
      await report.waitFor({ timeout: 60_000 });
      const matched = report.getByRole('row').filter({ hasText: x.byId });
      await matched.getByRole('link', { name: `Renamed ${tag}` }).waitFor();
      await report
        .getByRole('row')
        .filter({ hasText: x.repeats })
        .getByRole('link', { name: `New ${tag}` })
        .waitFor();
      // The refused line, with its reason in the reader's language.
      await page
        .locator('section.card')
        .filter({ hasText: x.rejected })
        .getByRole('row')
        .filter({ hasText: '12345' })
        .filter({ hasText: x.badPhone })
        .waitFor();
      await shotBothWidths(page, `imports-02-report-${tag}`);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        report.getByRole('button', { name: x.download }).click(),
      ]);
      const csv = readFileSync((await download.path()) as string, 'utf8');
      assert.match(csv, /^line,outcome,matched_by,earlier_line,customer_id,customer_name\n/);
      assert.match(csv, new RegExp(`^2,matched,externalId,,[0-9a-f-]{36},Renamed ${tag}$`, 'm'));
      assert.match(csv, new RegExp(`^4,duplicate,,3,[0-9a-f-]{36},New ${tag}$`, 'm'));

      const { id } = (await existing.json()) as { id: string };
      const renamed = (await (await api(`/customers/${id}`)).json()) as { name: string; phones: string[] };
      assert.deepEqual([renamed.name, renamed.phones], [`Renamed ${tag}`, [`+86${phone}0001`]]);
    });

    test(`${language}: a purchase file lists the lines it skipped as duplicates, with their customer`, async () => {
      const code = `VIP-${tag}`;
      const customers = (await (await api(`/customers?q=Renamed%20${tag}`)).json()) as {
        data: { id: string }[];
      };
      const order = `ORD-${tag}-1`;
      const recorded = await api('/transactions', {
        method: 'POST',
        body: JSON.stringify({
          customerId: customers.data[0].id,
          occurredAt: '2024-05-01T02:00:00Z',
          amount: '10.00',
          externalId: order,
        }),
      });
      assert.equal(recorded.status, 201, await recorded.clone().text());
      const file = [
        'Customer ID,Date,Amount,Order ID',
        `${code},2024-05-01,10,${order}`,
        `${code},2024-05-02,20,ORD-${tag}-2`,
        `${code},2024-05-03,21,ORD-${tag}-2`,
      ].join('\n');

      await page.goto(`${run.base}/imports`);
      await page.getByRole('combobox', { name: x.kind }).selectOption({ label: x.purchases });
      await page.locator('input[type=file]').setInputFiles({
        name: `orders-${tag}.csv`,
        mimeType: 'text/csv',
        buffer: Buffer.from(file),
      });
      await page.getByRole('button', { name: x.check }).click();
      await page.getByRole('heading', { name: x.firstRows }).waitFor();
      await page.getByRole('button', { name: x.start }).click();
      const report = page.locator('section.card').filter({ hasText: x.skipped });
      await report.waitFor({ timeout: 60_000 });
      const rows = report.locator('tbody tr');
      await rows
        .filter({ hasText: x.recordedOrder })
        .getByRole('link', { name: `Renamed ${tag}` })
        .waitFor();
      await rows
        .filter({ hasText: x.repeats })
        .getByRole('link', { name: `Renamed ${tag}` })
        .waitFor();
      assert.deepEqual(await rows.locator('td.num').allTextContents(), ['2', '4']);
      // The list of recent imports says so too, without waiting for its next look.
      await page
        .locator('section.card')
        .filter({ hasText: `orders-${tag}.csv` })
        .getByRole('row')
        .filter({ hasText: `orders-${tag}.csv` })
        .filter({ hasText: x.finished })
        .waitFor({ timeout: 1500 });
      await shotBothWidths(page, `imports-03-duplicates-${tag}`);
    });
  }
});
