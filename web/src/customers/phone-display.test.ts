import assert from 'node:assert/strict';
import { test } from 'node:test';
import { displayPhone } from './phone-display';

test("a number of the workspace's region is written nationally, others internationally; each dials", () => {
  assert.deepEqual(displayPhone('+8613812345678', 'CN'), {
    text: '138 1234 5678',
    href: 'tel:+8613812345678',
  });
  assert.deepEqual(displayPhone('+8613812345678', 'GB'), {
    text: '+86 138 1234 5678',
    href: 'tel:+8613812345678',
  });
  assert.deepEqual(displayPhone('+442079460958', 'GB'), { text: '020 7946 0958', href: 'tel:+442079460958' });
  assert.deepEqual(displayPhone('+442079460958', undefined), {
    text: '+44 20 7946 0958',
    href: 'tel:+442079460958',
  });
});

test('a number the library cannot read is shown as stored and still dials its digits', () => {
  assert.deepEqual(displayPhone('12-34', 'CN'), { text: '12-34', href: 'tel:1234' });
});

test('a masked number is shown as the server sent it and dials nothing', () => {
  assert.deepEqual(displayPhone('+86 138****5678', 'CN'), { text: '+86 138****5678', href: '' });
});
