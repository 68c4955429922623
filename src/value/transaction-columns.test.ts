import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseNumbers } from './transaction-columns.js';

const read = (values: string[]) =>
  Array.from(parseNumbers(values.join(','), new Float64Array(values.length)));

test('property: numbers read from a comma-separated text are what Number() reads', () => {
  const cents = fc.integer({ min: -1e12, max: 1e12 }).map((c) => c / 100);
  const any = fc.double({ noNaN: false });
  // PostgreSQL prints float8 with an exponent from 1e15 on, where JavaScript waits for 1e21.
  const printed = fc.oneof(
    cents.map(String),
    any.map(String),
    any.map((x) => x.toExponential()),
    fc.integer().map(String),
  );
  fc.assert(
    fc.property(fc.array(printed, { minLength: 1, maxLength: 30 }), (texts) => {
      assert.deepEqual(read(texts), texts.map(Number));
    }),
  );
});

test('integers fill an Int32Array; an empty text holds none', () => {
  assert.deepEqual(
    Array.from(parseNumbers('0,-7,2147483647,12', new Int32Array(4))),
    [0, -7, 2147483647, 12],
  );
  assert.equal(parseNumbers('', new Int32Array(0)).length, 0);
  assert.ok(Object.is(read(['-0'])[0], -0));
});
