import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import i18next from 'i18next';
import { en } from './en';
import { fieldErrorText } from './field-errors';
import { zhCN } from './zh-cn';

async function reader(language: string) {
  const i18n = i18next.createInstance();
  await i18n.init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  return i18n;
}

describe('fieldErrorText', () => {
  test('names the text by the code, with the missed bound, in each language', async () => {
    const zh = await reader('zh-CN');
    const english = await reader('en');
    const long = { path: 'body.name', code: 'too_long', limit: 200, message: 'Too big: expected string…' };
    assert.equal(fieldErrorText(long, zh), '最多 200 个字符');
    assert.equal(fieldErrorText(long, english), 'At most 200 characters');
    const phone = {
      path: 'body.phones.0',
      code: 'invalid_phone',
      message: "'12' is not a valid phone number",
    };
    assert.equal(fieldErrorText(phone, zh), '电话号码无效');
    assert.equal(fieldErrorText({ path: 'body.name', code: 'required', message: 'Too small' }, zh), '必填');
  });

  test('a code without a text: the server message in English, a general sentence otherwise', async () => {
    const unknown = {
      path: 'body.customerId',
      code: 'invalid',
      message: 'is not a customer of this workspace',
    };
    assert.equal(fieldErrorText(unknown, await reader('en')), 'is not a customer of this workspace');
    assert.equal(fieldErrorText(unknown, await reader('zh-CN')), '此项无效');
    const own = { path: 'body.x', code: 'some_new_code', message: 'is odd' };
    assert.equal(fieldErrorText(own, await reader('en')), 'is odd');
    assert.equal(fieldErrorText(own, await reader('zh-CN')), '此项无效');
  });
});
