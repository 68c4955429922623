import assert from 'node:assert/strict';
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

// The duplicates page in a real Chromium, in Chinese and in English: two records of one customer are
// merged, and the merge is undone, once from the merged card and once from the list of recent merges.
// The texts of web/src/i18n/*.ts this test reads (those files are compiled with the web app, not here).
const texts = {
  'zh-CN': {
    title: '疑似重复客户',
    samePhone: '电话相同',
    preview: '预览合并结果',
    merge: /^将 1 位客户合并到/,
    merged: /^已合并到/,
    undo: '撤销合并',
    undone: '已撤销合并：这些客户重新分开。',
    recent: '最近的合并',
    restored: /^已撤销：/,
  },
  en: {
    title: 'Possible duplicates',
    samePhone: 'Same phone',
    preview: 'Preview the merge',
    merge: /^Merge 1 customer into/,
    merged: /^Merged into/,
    undo: 'Undo the merge',
    undone: 'The merge was undone: these customers are separate again.',
    recent: 'Recent merges',
    restored: /^Undone: /,
  },
} as const;

describe('merge and its undo on the duplicates page in Chromium', { skip: skipWithoutChromium }, () => {
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
  /** Two records of one customer: one phone, a purchase each. */
  const twins = async (name: string, phone: string) => {
    const ids: string[] = [];
    for (const [i, suffix] of ['', ' (2)'].entries()) {
      const created = await api('/customers?allowDuplicate=true', {
        method: 'POST',
        body: JSON.stringify({ name: `${name}${suffix}`, phones: [phone] }),
      });
      assert.equal(created.status, 201, await created.clone().text());
      const { id } = (await created.json()) as { id: string };
      const sale = await api('/transactions', {
        method: 'POST',
        body: JSON.stringify({ customerId: id, occurredAt: `2025-0${i + 1}-05T10:00:00Z`, amount: '20.00' }),
      });
      assert.equal(sale.status, 201, await sale.clone().text());
      ids.push(id);
    }
    return ids;
  };
  const live = async (ids: string[]) => {
    const statuses = [];
    for (const id of ids) statuses.push((await api(`/customers/${id}`, { redirect: 'manual' })).status);
    return statuses;
  };

  before(async () => {
    run = await startBrowserTest({ name: 'duplicates', demo: true });
    page = await run.browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    page.setDefaultTimeout(30_000);
  });

  after(() => run?.close());

  test('signs in', () => signIn(page, run.base, PASSWORD));

  for (const language of ['zh-CN', 'en'] as const) {
    const x = texts[language];
    const tag = language === 'zh-CN' ? 'zh' : 'en';

    test(`${language}: a merge is undone from its card, or from the recent merges`, async () => {
      const locale = await api('/me', { method: 'PATCH', body: JSON.stringify({ locale: language }) });
      assert.equal(locale.status, 200);
      const name = language === 'zh-CN' ? '林晓雨' : 'Ada Wong';
      const ids = await twins(name, language === 'zh-CN' ? '+8613911112222' : '+8613933334444');
      await page.goto(`${run.base}/duplicates`);
      await page.getByRole('heading', { level: 1, name: x.title }).waitFor();
      const group = page.locator('section.card').filter({ hasText: name }).filter({ hasText: x.samePhone });
      await group.getByRole('button', { name: x.preview }).click();
      await group.getByRole('button', { name: x.merge }).click();
      await group.getByText(x.merged).waitFor();
      assert.deepEqual((await live(ids)).sort(), [200, 308], 'one record answers for both');
      await shotBothWidths(page, `duplicates-01-merged-${tag}`);

      if (language === 'zh-CN') {
        await group.getByRole('button', { name: x.undo }).click();
        await group.getByText(x.undone).waitFor();
      } else {
        await page.reload();
        const recent = page.getByRole('region', { name: x.recent, exact: true });
        await recent.getByRole('link', { name: new RegExp(name) }).waitFor();
        await shotBothWidths(page, `duplicates-02-recent-${tag}`);
        await recent.getByRole('button', { name: x.undo }).first().click();
        await recent.getByText(x.restored).waitFor();
      }
      assert.deepEqual(await live(ids), [200, 200], 'both records are back');
      await shotBothWidths(page, `duplicates-03-undone-${tag}`);
    });
  }
});
