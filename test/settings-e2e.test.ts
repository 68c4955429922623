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

// The settings screens in a real Chromium, in Chinese and in English: each value changed is saved and
// still there after a reload.
// The texts of web/src/i18n/*.ts this test reads (those files are compiled with the web app, not here).
const texts = {
  'zh-CN': {
    title: '设置',
    tokens: { card: '个人 API 令牌', name: '名称', create: '创建令牌', revoke: '吊销' },
    workspace: { card: '币种与时区', currency: '币种', timezone: '时区', saved: '工作区设置已保存。' },
    stages: { card: '阶段', model: '生命周期模型', copy: '复制为可编辑的模型', name: '中文名称' },
    playbooks: { card: '阶段打法', stage: '阶段', advice: '中文建议', saved: '打法已保存' },
    scales: {
      card: 'RFM 分档与 ABC 分类',
      bins: 'RFM 分档数',
      a: 'A 类：营收占比',
      b: 'B 类：其后的营收占比',
      tooFew: '不能小于 2',
      saved: '已保存。下次刷新将按此为所有客户重新评分。',
    },
    save: '保存',
  },
  en: {
    title: 'Settings',
    tokens: { card: 'Personal API tokens', name: 'Name', create: 'Create token', revoke: 'Revoke' },
    workspace: {
      card: 'Currency and time zone',
      currency: 'Currency',
      timezone: 'Time zone',
      saved: 'Workspace saved.',
    },
    stages: {
      card: 'Stages',
      model: 'Lifecycle model',
      copy: 'Make an editable copy',
      name: 'Name in English',
    },
    playbooks: { card: 'Playbooks', stage: 'Stage', advice: 'Advice in English', saved: 'Playbook saved' },
    scales: {
      card: 'RFM bins and ABC classes',
      bins: 'RFM bins',
      a: 'Class A: share of revenue',
      b: 'Class B: further share of revenue',
      tooFew: 'Must be at least 2',
      saved: 'Saved. The next refresh scores every customer on these.',
    },
    save: 'Save',
  },
} as const;

describe('settings screens in Chromium', { skip: skipWithoutChromium }, () => {
  let run: BrowserTest;
  let page: Page;
  let base: string;
  const shot = (name: string) => shotBothWidths(page, name);
  const card = (name: string) => page.getByRole('region', { name, exact: true });
  const csrf = async () =>
    (await page.context().cookies(base)).find((c) => c.name === 'clm_csrf')?.value ?? '';
  const openSettings = async (language: keyof typeof texts) => {
    await page.goto(`${base}/settings`);
    await page.getByRole('heading', { level: 1, name: texts[language].title }).waitFor();
  };
  const inputOf = (scope: Locator, label: string) => scope.getByLabel(label, { exact: true });

  before(async () => {
    run = await startBrowserTest({ name: 'settings', demo: true });
    base = run.base;
    page = await run.browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    page.setDefaultTimeout(30_000);
    page.on('dialog', (dialog) => dialog.accept());
  });

  after(() => run?.close());

  test('signs in', () => signIn(page, base, PASSWORD));

  for (const language of ['zh-CN', 'en'] as const) {
    const x = texts[language];
    const tag = language === 'zh-CN' ? 'zh' : 'en';

    test(`${language}: the account speaks the language`, async () => {
      const res = await page.request.patch(`${base}/api/v1/me`, {
        data: { locale: language },
        headers: { 'x-csrf-token': await csrf() },
      });
      assert.equal(res.status(), 200);
      await openSettings(language);
      await shot(`settings-01-page-${tag}`);
    });

    test(`${language}: a personal token is created, its secret shown once, listed, and revoked`, async () => {
      const tokens = card(x.tokens.card);
      const name = `e2e-${tag}`;
      await inputOf(tokens, x.tokens.name).fill(name);
      await tokens.getByRole('button', { name: x.tokens.create }).click();
      const secret = (await tokens.locator('.token-secret .secret').textContent()) ?? '';
      assert.ok(secret.length >= 20);
      await shot(`settings-02-token-${tag}`);
      // The secret works as a bearer token.
      const me = await fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
      assert.equal(me.status, 200);
      await page.reload();
      const listed = card(x.tokens.card).getByRole('row', { name: new RegExp(name) });
      await listed.waitFor();
      assert.equal(
        await card(x.tokens.card).locator('.token-secret').count(),
        0,
        'the secret is not shown again',
      );
      await listed.getByRole('button').click();
      await listed.waitFor({ state: 'detached' });
      const after = await fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
      assert.equal(after.status, 401);
    });

    test(`${language}: the currency and time zone are kept`, async () => {
      const workspace = card(x.workspace.card);
      const [currency, timezone] = language === 'zh-CN' ? ['usd', 'Asia/Tokyo'] : ['EUR', 'Europe/Berlin'];
      await inputOf(workspace, x.workspace.currency).fill(currency);
      await inputOf(workspace, x.workspace.timezone).fill(timezone);
      await workspace.getByRole('button', { name: x.save, exact: true }).click();
      await workspace.getByText(x.workspace.saved).waitFor();
      await shot(`settings-03-workspace-${tag}`);
      await page.reload();
      assert.equal(
        await inputOf(card(x.workspace.card), x.workspace.currency).inputValue(),
        currency.toUpperCase(),
      );
      assert.equal(await inputOf(card(x.workspace.card), x.workspace.timezone).inputValue(), timezone);
    });

    test(`${language}: a stage of the workspace's own model is renamed and moved`, async () => {
      const stages = card(x.stages.card);
      // The first pass copies the preset; the second finds the copy already there and edits it.
      const copy = stages.getByRole('button', { name: x.stages.copy });
      if (language === 'zh-CN') await copy.click();
      else {
        const own = await inputOf(stages, x.stages.model).locator('option').last().getAttribute('value');
        await inputOf(stages, x.stages.model).selectOption(own ?? '');
      }
      await copy.waitFor({ state: 'detached' });
      const first = inputOf(stages, x.stages.name).first();
      const name = language === 'zh-CN' ? '初识客户' : 'First contact';
      await first.fill(name);
      await stages.locator('.stage-row').first().getByRole('button').nth(1).click();
      await stages.getByRole('button', { name: x.save, exact: true }).click();
      await stages.getByRole('status').waitFor();
      await shot(`settings-04-stages-${tag}`);
      await page.reload();
      const again = card(x.stages.card);
      const own = await inputOf(again, x.stages.model).locator('option').last().getAttribute('value');
      await inputOf(again, x.stages.model).selectOption(own ?? '');
      // Moved down one place: the renamed stage is now second.
      assert.equal(await inputOf(again, x.stages.name).nth(1).inputValue(), name);
    });

    test(`${language}: a stage's playbook advice is kept`, async () => {
      const playbooks = card(x.playbooks.card);
      const stage = inputOf(playbooks, x.playbooks.stage);
      const second = await stage.locator('option').nth(1).getAttribute('value');
      await stage.selectOption(second ?? '');
      const advice = language === 'zh-CN' ? '每周回访一次。' : 'Call once a week.';
      await inputOf(playbooks, x.playbooks.advice).fill(advice);
      await playbooks.getByRole('button', { name: x.save, exact: true }).click();
      await playbooks.getByText(x.playbooks.saved).waitFor();
      await shot(`settings-05-playbook-${tag}`);
      await page.reload();
      const again = card(x.playbooks.card);
      await inputOf(again, x.playbooks.stage).selectOption(second ?? '');
      assert.equal(await inputOf(again, x.playbooks.advice).inputValue(), advice);
    });

    test(`${language}: RFM bins and ABC thresholds are checked beside their field and kept`, async () => {
      const scales = card(x.scales.card);
      await inputOf(scales, x.scales.bins).fill('1');
      await scales.getByRole('button', { name: x.save, exact: true }).click();
      await scales.getByText(x.scales.tooFew).waitFor();
      const [bins, a, b] = language === 'zh-CN' ? ['4', '0.7', '0.2'] : ['3', '0.6', '0.3'];
      await inputOf(scales, x.scales.bins).fill(bins);
      await inputOf(scales, x.scales.a).fill(a);
      await inputOf(scales, x.scales.b).fill(b);
      await scales.getByRole('button', { name: x.save, exact: true }).click();
      await scales.getByText(x.scales.saved).waitFor();
      await shot(`settings-06-value-scales-${tag}`);
      await page.reload();
      const again = card(x.scales.card);
      assert.equal(await inputOf(again, x.scales.bins).inputValue(), bins);
      assert.equal(await inputOf(again, x.scales.a).inputValue(), a);
      assert.equal(await inputOf(again, x.scales.b).inputValue(), b);
    });
  }
});
