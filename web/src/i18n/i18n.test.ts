import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { en } from './en';
import { initialLanguage } from './i18n';
import { zhCN } from './zh-cn';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  const english = leaves(en);
  const chinese = leaves(zhCN);

  test('every key exists in both languages', () => {
    assert.deepEqual(
      [...english.keys()].filter((k) => !chinese.has(k)),
      [],
    );
    assert.deepEqual(
      [...chinese.keys()].filter((k) => !english.has(k)),
      [],
    );
  });

  test('no text is empty', () => {
    for (const [key, text] of [...english, ...chinese]) assert.notEqual(text.trim(), '', key);
  });

  test('both languages use the same placeholders, so no value is lost in either', () => {
    for (const [key, text] of english)
      assert.deepEqual(placeholders(chinese.get(key) ?? ''), placeholders(text), key);
  });
});

describe('initialLanguage', () => {
  test('a remembered choice wins over the browser', () => {
    assert.equal(initialLanguage('en', 'zh-CN'), 'en');
    assert.equal(initialLanguage('zh-CN', 'en-US'), 'zh-CN');
  });

  test('without one, any Chinese browser gets 简体中文 and every other English', () => {
    assert.equal(initialLanguage(null, 'zh-TW'), 'zh-CN');
    assert.equal(initialLanguage(null, 'de-DE'), 'en');
    assert.equal(initialLanguage('fr', 'en-GB'), 'en');
  });
});
