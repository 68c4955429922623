import assert from 'node:assert/strict';
import { test } from 'node:test';
import { safeText } from './cells.js';

test('cells that a spreadsheet would run as a formula are quoted; numbers and plain text are not', () => {
  for (const formula of [
    '=1+1',
    '=HYPERLINK("http://x","y")',
    '+1+1',
    '-2+3',
    '@SUM(A1)',
    '\t=1',
    '\r=1',
    '-',
    '+',
  ])
    assert.equal(safeText(formula), `'${formula}`, JSON.stringify(formula));
  for (const data of ['张伟', 'Acme = best', 'a@b.cn', '-12.50', '12.50', '+8613812345678', '0', ''])
    assert.equal(safeText(data), data, JSON.stringify(data));
});
