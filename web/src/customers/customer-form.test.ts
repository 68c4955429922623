import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import i18next from 'i18next';
import { fieldMessages } from '../api/api-error';
import type { Customer } from '../api/types';
import { en } from '../i18n/en';
import { fieldErrorText } from '../i18n/field-errors';
import { zhCN } from '../i18n/zh-cn';
import {
  assertCustomerForm,
  checkCustomerForm,
  emptyFormValues,
  toFormValues,
  toInput,
  toPatch,
} from './customer-form';

const customer: Customer = {
  id: '00000000-0000-0000-0000-000000000001',
  kind: 'person',
  type: 'consumer',
  name: '王芳',
  company: null,
  phones: ['+8613800000000'],
  emails: ['fang@example.com'],
  industry: null,
  region: '上海市',
  source: null,
  tags: ['vip'],
  birthday: null,
  ownerId: null,
  externalId: null,
  consent: {},
  custom: {},
  version: 4,
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
};

describe('toPatch', () => {
  test('an unchanged form sends nothing', () => {
    assert.deepEqual(toPatch(toFormValues(customer), customer), {});
  });

  test('sends only changed fields, lists split on either comma width and trimmed', () => {
    const values = { ...toFormValues(customer), tags: 'vip， 回头客, ', company: ' 上海某公司 ' };
    assert.deepEqual(toPatch(values, customer), { tags: ['vip', '回头客'], company: '上海某公司' });
  });

  test('a cleared text field becomes null and a cleared list an empty list', () => {
    const values = { ...toFormValues(customer), region: '  ', emails: '' };
    assert.deepEqual(toPatch(values, customer), { region: null, emails: [] });
  });

  test('an invalid e-mail is sent as typed, so the server names the field at fault', () => {
    const values = { ...toFormValues(customer), emails: 'not-an-email' };
    assert.deepEqual(toPatch(values, customer), { emails: ['not-an-email'] });
  });
});

describe('birthday', () => {
  test('a birthday set, changed or cleared is sent; an unchanged one is not', () => {
    assert.deepEqual(toPatch({ ...toFormValues(customer), birthday: '1990-05-04' }, customer), {
      birthday: '1990-05-04',
    });
    const born = { ...customer, birthday: '1990-05-04' };
    assert.deepEqual(toPatch(toFormValues(born), born), {});
    assert.deepEqual(toPatch({ ...toFormValues(born), birthday: '' }, born), { birthday: null });
  });

  test('a masked birthday starts empty and stays as stored unless a new day is typed', () => {
    const masked = { ...customer, birthday: '****-05-04' };
    assert.equal(toFormValues(masked).birthday, '');
    assert.deepEqual(toPatch(toFormValues(masked), masked), {});
    assert.deepEqual(toPatch({ ...toFormValues(masked), birthday: '1991-01-02' }, masked), {
      birthday: '1991-01-02',
    });
  });
});

describe('checkCustomerForm', () => {
  test("a stored customer's own values pass", () => {
    assert.deepEqual(checkCustomerForm(toFormValues(customer)), []);
  });

  test('every field at fault at once, with the paths and codes the server uses', () => {
    const values = {
      ...emptyFormValues,
      name: '  ',
      region: 'x'.repeat(101),
      phones: '138 1234 5678, 12',
      emails: 'a@b.cn，not-an-email',
    };
    assert.deepEqual(
      checkCustomerForm(values).map(({ path, code, limit }) => ({ path, code, limit })),
      [
        { path: 'body.name', code: 'required', limit: undefined },
        { path: 'body.region', code: 'too_long', limit: 100 },
        { path: 'body.phones.1', code: 'invalid_phone', limit: undefined },
        { path: 'body.emails.1', code: 'invalid_email', limit: undefined },
      ],
    );
  });

  test("the faults read like the server's, in the reader's language", async () => {
    const i18n = i18next.createInstance();
    await i18n.init({
      lng: 'zh-CN',
      resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    });
    const error = (() => {
      try {
        assertCustomerForm({ ...emptyFormValues, emails: 'nope' });
      } catch (caught) {
        return caught;
      }
    })();
    assert.deepEqual(
      fieldMessages(error, (fault) => fieldErrorText(fault, i18n)),
      { name: zhCN.fieldError.required, emails: zhCN.fieldError.invalid_email },
    );
  });
});

describe('toInput', () => {
  test('a new customer leaves empty fields to the server and splits lists', () => {
    const values = {
      ...emptyFormValues,
      name: ' 李雷 ',
      phones: '13812345678，+86 139 0000 0000',
      region: ' ',
    };
    assert.deepEqual(toInput(values, 'organisation'), {
      kind: 'organisation',
      name: '李雷',
      type: 'consumer',
      phones: ['13812345678', '+86 139 0000 0000'],
    });
  });
});
