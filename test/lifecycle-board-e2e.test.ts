import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  type BrowserTest,
  shotBothWidths,
  signIn,
  skipWithoutChromium,
  startBrowserTest,
} from './browser.js';
import { DEMO_ADMIN_PASSWORD as PASSWORD } from './demo-data-dir.js';

// The lifecycle board of the demo workspace in Chromium: "show more" in a column, and a card dragged by
// its name with real mouse moves onto another column, saved once the server has answered.
const SLOW = { timeout: 30_000 };
const REASON = 'Dragged on the board after the quarterly review';

interface Column {
  stage: string;
  labels: { en: string; 'zh-CN': string } | null;
  count: number;
}

describe('the lifecycle board in Chromium', { skip: skipWithoutChromium }, () => {
  let run: BrowserTest;
  let page: Page;
  let base: string;
  let columns: Column[] = [];

  /** A request with the browser's session: its cookies and CSRF token, as the web app sends them. */
  const api = async <T>(path: string): Promise<T> => {
    const jar = await page.context().cookies(base);
    const cookie = jar.map((c) => `${c.name}=${c.value}`).join('; ');
    const answer = await fetch(`${base}/api/v1${path}`, { headers: { cookie } });
    assert.equal(answer.status, 200, `${path}: ${await answer.clone().text()}`);
    return (await answer.json()) as T;
  };
  const label = (column: Column) => column.labels?.en ?? column.stage;
  const columnOf = (column: Column): Locator =>
    page.locator('.board-column', {
      has: page.getByRole('heading', { level: 2, name: label(column), exact: true }),
    });
  const cardNames = (column: Column) => columnOf(column).locator('.board-card-handle a').allTextContents();
  /** The customer's card in the column: on its first page, or brought by "Show more" as often as needed. */
  const cardIn = async (column: Column, name: string) => {
    const cards = columnOf(column).locator('.board-card');
    const card = cards.filter({ has: page.getByRole('link', { name, exact: true }) });
    await cards.first().waitFor(SLOW);
    const more = columnOf(column).getByRole('button', { name: /^Show more/ });
    while ((await card.count()) === 0 && (await more.count()) > 0) {
      const shown = await cards.count();
      await more.click();
      await cards.nth(shown).waitFor();
    }
    return card;
  };
  /** The column's customers as the API orders them (most valuable first), `limit` of them. */
  const listed = async (column: Column, limit: number) =>
    (
      await api<{ data: { id: string; name: string }[] }>(
        `/customers?stage=${column.stage}&sort=-clv&limit=${limit}`,
      )
    ).data;

  before(async () => {
    run = await startBrowserTest({ name: 'web-board', demo: true });
    base = run.base;
    page = await run.browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    page.setDefaultTimeout(10_000);
  });

  after(() => run?.close());

  test('signed in, the board shows a column per stage with its most valuable customers', async () => {
    await signIn(page, base, PASSWORD);
    await page.getByRole('link', { name: 'Lifecycle' }).click();
    await page.getByRole('button', { name: 'Compute stages now' }).click();
    await page.getByText(/customers evaluated/).waitFor(SLOW);
    await page.locator('.board-card').first().waitFor(SLOW);
    columns = (await api<{ stages: Column[] }>('/lifecycle/distribution')).stages;
    assert.equal(await page.locator('.board-column').count(), columns.length);
    await shotBothWidths(page, 'board-01-columns');
  });

  test('"Show more" brings a column\'s next customers, in the order of the full list', async () => {
    const crowded = columns.find((c) => c.count > 8);
    assert.ok(crowded, `no stage holds more than 8 demo customers: ${JSON.stringify(columns)}`);
    const column = columnOf(crowded);
    const total = crowded.count.toLocaleString('en-US');
    await column.locator('.board-card').nth(7).waitFor(SLOW);
    assert.equal((await cardNames(crowded)).length, 8);
    await column.getByRole('button', { name: `Show more (8 of ${total})` }).click();
    const shown = Math.min(16, crowded.count);
    await column
      .locator('.board-card')
      .nth(shown - 1)
      .waitFor();
    assert.deepEqual(
      await cardNames(crowded),
      (await listed(crowded, shown)).map((c) => c.name),
    );
    if (crowded.count > 16)
      await column.getByRole('button', { name: `Show more (16 of ${total})` }).waitFor();
    else assert.equal(await column.getByRole('button', { name: /^Show more/ }).count(), 0);
  });

  test('a card dragged by its name onto another column asks why, and moves once saved', async () => {
    await page.reload();
    await page.locator('.board-card').first().waitFor(SLOW);
    await page.evaluate('window.scrollTo(0, 0)');
    // The source and the target side by side in the first row of the board, so both are on screen.
    const boxes = await Promise.all(columns.map((c) => columnOf(c).boundingBox()));
    const first = boxes[0];
    assert.ok(first);
    const row = columns.filter((_, i) => boxes[i] && Math.abs((boxes[i]?.y ?? 0) - first.y) < 5);
    const from = row.find((c) => c.count > 0);
    const to = row.find((c) => c !== from);
    assert.ok(from && to, `two columns of the first row: ${JSON.stringify(row)}`);
    const [customer] = await listed(from, 1);
    const name = columnOf(from).getByRole('link', { name: customer.name, exact: true });
    const start = await name.boundingBox();
    const target = await columnOf(to).getByRole('heading', { level: 2 }).boundingBox();
    assert.ok(start && target);
    await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
    await page.mouse.down();
    // Past the board's 6 px, then onto the other column, in steps as a hand moves.
    await page.mouse.move(start.x + start.width / 2 + 10, start.y + start.height / 2 + 10, { steps: 3 });
    await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 15 });
    await page.mouse.up();

    const dialog = page.getByRole('dialog', { name: `Move ${customer.name} to ${label(to)}` });
    await dialog.waitFor();
    // The drag started on the name, which opens the customer when clicked: this one did not.
    assert.equal(new URL(page.url()).pathname, '/lifecycle');
    await dialog.getByLabel('Reason').fill(REASON);
    await shotBothWidths(page, 'board-02-drag-dialog');
    await dialog.getByRole('button', { name: 'Save' }).click();
    // The dialog stays until the server has answered; then the counts are the server's.
    await dialog.waitFor({ state: 'hidden' });
    const lifecycle = await api<{ stage: string; cause: { reason: string } }>(
      `/customers/${customer.id}/lifecycle`,
    );
    assert.deepEqual([lifecycle.stage, lifecycle.cause.reason], [to.stage, REASON]);
    const count = to.count + 1;
    const counted = `${count.toLocaleString('en-US')} ${count === 1 ? 'customer' : 'customers'}`;
    await columnOf(to)
      .locator('.board-count', { hasText: new RegExp(`^${counted}$`) })
      .waitFor();
    assert.equal(await (await cardIn(to, customer.name)).count(), 1);
    assert.equal(await columnOf(from).getByRole('link', { name: customer.name, exact: true }).count(), 0);

    // Read afresh, the card is in its new column and no longer in the old one.
    await page.reload();
    assert.equal(await (await cardIn(to, customer.name)).count(), 1);
    assert.equal(await columnOf(from).getByRole('link', { name: customer.name, exact: true }).count(), 0);
    await shotBothWidths(page, 'board-03-moved');
  });

  test("a click on a card's name, without a drag, still opens the customer", async () => {
    const name = page.locator('.board-card-handle a').first();
    const href = await name.getAttribute('href');
    assert.ok(href);
    await name.click();
    await page.waitForURL((url) => url.pathname === href);
    await page.getByRole('region', { name: 'Lifecycle stage' }).waitFor(SLOW);
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Lifecycle board' }).waitFor();
  });

  test('in 中文 the board, its counts and "show more" speak Chinese', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('link', { name: '生命周期', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '生命周期看板' }).waitFor();
    await page.getByText('将卡片拖到另一列，或使用卡片上的菜单，即可手动调整阶段。').waitFor();
    await page
      .getByRole('button', { name: /^显示更多（8 \/ \d+）$/ })
      .first()
      .waitFor(SLOW);
    await shotBothWidths(page, 'board-04-zh');
    await page.getByRole('link', { name: '设置' }).click();
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
  });
});
