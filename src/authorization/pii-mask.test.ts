import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMasked, MASKED_DATE, maskEmail, maskPersonFields, maskPhone } from './pii-mask.js';

test('a Chinese mobile keeps its first three and last four digits', () => {
  assert.equal(maskPhone('+8613812345678'), '+86 138****5678');
});

test('a short number keeps only its last two digits', () => {
  assert.equal(maskPhone('+3524567'), '+352 ****67');
});

test('a number no library reads is masked from its digits alone', () => {
  assert.equal(maskPhone('12345678901'), '123****8901');
});

test('an e-mail keeps its first letter and its domain', () => {
  assert.equal(maskEmail('li.lei@example.com'), 'l***@example.com');
  assert.equal(maskEmail('broken'), '***');
});

test('customer fields: phones, e-mails and birthday masked, the rest untouched, the input unchanged', () => {
  const record = {
    name: 'Li Lei',
    phones: ['+8613812345678'],
    emails: ['li@example.com'],
    birthday: '1990-05-17',
  };
  const masked = maskPersonFields(record);
  assert.deepEqual(masked, {
    name: 'Li Lei',
    phones: ['+86 138****5678'],
    emails: ['l***@example.com'],
    birthday: MASKED_DATE,
  });
  assert.equal(record.birthday, '1990-05-17');
  assert.ok(masked.phones.every(isMasked) && masked.emails.every(isMasked) && isMasked(masked.birthday));
});

test('a missing birthday stays null', () => {
  assert.equal(maskPersonFields({ birthday: null }).birthday, null);
});
