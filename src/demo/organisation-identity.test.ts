import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chineseNumber } from './organisation-identity.js';

test('chineseNumber writes 1–99 as schools and hospitals are named: 十 alone for ten, no 一 before it', () => {
  assert.deepEqual([1, 9, 10, 11, 20, 23, 30, 99].map(chineseNumber), [
    '一',
    '九',
    '十',
    '十一',
    '二十',
    '二十三',
    '三十',
    '九十九',
  ]);
});
