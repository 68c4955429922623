import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { formatWallTime, parseDate, parseDateTime, parseMoney } from './values.js';

const at = (input: string) => {
  const parsed = parseDateTime(input);
  return parsed.ok ? formatWallTime(parsed.value) : parsed.reason;
};

test('dates in the common written forms', () => {
  const cases: [string, string][] = [
    ['2024-03-05', '2024-03-05 00:00:00.000'],
    ['2024/3/5', '2024-03-05 00:00:00.000'],
    ['2024.03.05', '2024-03-05 00:00:00.000'],
    ['05.03.2024', '2024-03-05 00:00:00.000'],
    ['2024年3月5日', '2024-03-05 00:00:00.000'],
    ['2024 年 3 月 5 号', '2024-03-05 00:00:00.000'],
    ['20240305', '2024-03-05 00:00:00.000'],
    ['3/5/2024', '2024-03-05 00:00:00.000'],
    ['25/12/2024', '2024-12-25 00:00:00.000'],
    [' 2024-02-29 ', '2024-02-29 00:00:00.000'],
  ];
  for (const [input, expected] of cases) assert.equal(at(input), expected, input);
});

test('dates with times, seconds, fractions, 12-hour clocks and offsets', () => {
  const cases: [string, string][] = [
    ['2024-03-05 10:20', '2024-03-05 10:20:00.000'],
    ['2024-03-05T10:20:30', '2024-03-05 10:20:30.000'],
    ['2024-03-05T10:20:30.5Z', '2024-03-05 10:20:30.500Z'],
    ['2024-03-05T10:20:30+08:00', '2024-03-05 10:20:30.000+08:00'],
    ['2024-03-05 10:20:30 -0500', '2024-03-05 10:20:30.000-05:00'],
    ['2024/3/5 9:05:07', '2024-03-05 09:05:07.000'],
    ['2024年3月5日 10时20分', '2024-03-05 10:20:00.000'],
    ['2024年3月5日 下午3:05', '2024-03-05 15:05:00.000'],
    ['3/5/2024 12:30 AM', '2024-03-05 00:30:00.000'],
    ['3/5/2024 12:30 PM', '2024-03-05 12:30:00.000'],
    ['05.03.2024 23:59:59', '2024-03-05 23:59:59.000'],
  ];
  for (const [input, expected] of cases) assert.equal(at(input), expected, input);
});

test('eight digits are a compact YYYYMMDD date (as in CDNOW), never an Excel serial number', () => {
  assert.equal(at('19970101'), '1997-01-01 00:00:00.000');
  assert.equal(at('19980630'), '1998-06-30 00:00:00.000');
  assert.equal(at('19971301'), 'is not a date');
});

test('Excel serial numbers are days since 1899-12-30, fractions are the time of day', () => {
  assert.equal(at('45356'), '2024-03-05 00:00:00.000');
  assert.equal(at('45356.5'), '2024-03-05 12:00:00.000');
  assert.equal(at('45356.75'), '2024-03-05 18:00:00.000');
  assert.equal(at('61'), '1900-03-01 00:00:00.000');
  assert.equal(at('60'), 'is not a date');
});

test('impossible or unreadable dates are refused with a reason', () => {
  for (const input of [
    '2023-02-29',
    '2024-13-01',
    '2024-00-10',
    '2024-04-31',
    '31.02.2024',
    'yesterday',
    '',
    '2024-03-05 25:00',
    '2024-03-05 10:61',
    '2024-03-05 13:00 PM',
    '99999999',
    '12',
  ]) {
    const parsed = parseDateTime(input);
    assert.equal(parsed.ok, false, input);
  }
  assert.deepEqual(parseDateTime('2024-03-05 25:00'), {
    ok: false,
    reason: 'has a time that is not a time of day',
    code: 'invalid_datetime',
  });
  assert.deepEqual(parseDateTime('2023-02-29'), { ok: false, reason: 'is not a date', code: 'invalid_date' });
  assert.deepEqual(parseDateTime(''), { ok: false, reason: 'is empty', code: 'required' });
});

test('a day of the month is a date exactly when the calendar has it, leap years included', () => {
  for (const year of [1900, 2000, 2023, 2024, 2100])
    for (let month = 1; month <= 12; month++)
      for (let day = 1; day <= 31; day++) {
        const real = new Date(Date.UTC(year, month - 1, day)).getUTCMonth() === month - 1;
        assert.equal(parseDateTime(`${year}-${month}-${day}`).ok, real, `${year}-${month}-${day}`);
      }
});

test('a real date outside 1900-01-01 to 2999-12-31 is refused as the API refuses it, never stored', () => {
  for (const input of [
    '9999-12-31',
    '3000-01-01 10:00',
    '1899-12-31',
    '1000年1月1日',
    '31.12.9999',
    '2958465',
  ]) {
    assert.deepEqual(
      parseDateTime(input),
      { ok: false, reason: 'is outside 1900-01-01 to 2999-12-31', code: 'date_out_of_range' },
      input,
    );
  }
  assert.equal(at('1900-01-01'), '1900-01-01 00:00:00.000');
  assert.equal(at('2999-12-31 23:59'), '2999-12-31 23:59:00.000');
  assert.deepEqual(parseDate('99991231'), {
    ok: false,
    reason: 'is outside 1900-01-01 to 2999-12-31',
    code: 'date_out_of_range',
  });
});

test('a date-only field keeps the day and refuses an instant with an offset', () => {
  assert.deepEqual(parseDate('1990年1月2日'), { ok: true, value: '1990-01-02' });
  assert.deepEqual(parseDate('2.1.1990'), { ok: true, value: '1990-01-02' });
  assert.equal(parseDate('2024-03-05T10:00:00Z').ok, false);
});

const money = (input: string) => {
  const parsed = parseMoney(input);
  return parsed.ok ? [parsed.value.amount, parsed.value.currency ?? ''].join(' ').trim() : parsed.reason;
};

test('amounts with currency marks, thousands separators and signs', () => {
  const cases: [string, string][] = [
    ['1234.50', '1234.5'],
    ['¥1,234.50', '1234.5 CNY'],
    ['￥1,234.5', '1234.5 CNY'],
    ['1234.50元', '1234.5 CNY'],
    ['RMB 100', '100 CNY'],
    ['CNY 1,000,000', '1000000 CNY'],
    ['$12', '12 USD'],
    ['US$ 12.30', '12.3 USD'],
    ['HK$1,000', '1000 HKD'],
    ['-$12.00', '-12 USD'],
    ['$-12.00', '-12 USD'],
    ['(12.00)', '-12'],
    ['12.00-', '-12'],
    ['1.234,50 €', '1234.5 EUR'],
    ['12 345,5', '12345.5'],
    ['1,5', '1.5'],
    ['1,234', '1234'],
    ['1.234.567', '1234567'],
    ['0.00', '0'],
    ['-0', '0'],
    ['007.10', '7.1'],
    ['12.3400', '12.34'],
    ['12 EUR', '12 EUR'],
    ['£3', '3 GBP'],
    ['999999999999.99', '999999999999.99'],
  ];
  for (const [input, expected] of cases) assert.equal(money(input), expected, input);
});

test('a plain amount reads as the same amount written with a currency mark', () => {
  // `¥…` takes the general reading; the plain form a shorter one.
  const amount = fc
    .tuple(fc.boolean(), fc.stringMatching(/^\d{1,12}$/), fc.option(fc.stringMatching(/^\d{1,2}$/)))
    .map(
      ([minus, whole, fraction]) => `${minus ? '-' : ''}${whole}${fraction === null ? '' : `.${fraction}`}`,
    );
  fc.assert(
    fc.property(amount, (text) => {
      const marked = parseMoney(`¥${text}`);
      assert.ok(marked.ok);
      assert.deepEqual(parseMoney(text), { ok: true, value: { amount: marked.value.amount } });
    }),
    { numRuns: 2000 },
  );
});

test('amounts that are not money are refused with the reason', () => {
  assert.equal(money('12.345'), 'has more than two decimals');
  assert.equal(money('1000000000000'), 'is too large (at most 999,999,999,999.99)');
  for (const input of ['', 'abc', '1,23,4', '1.2.3,4,5', '--', '$', '12a', '1e5', ',5,']) {
    assert.equal(parseMoney(input).ok, false, input);
  }
});
