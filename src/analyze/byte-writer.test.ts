import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { ByteWriter } from './byte-writer.js';

function written(write: (w: ByteWriter) => void): string {
  const path = join(mkdtempSync(join(tmpdir(), 'clm-writer-')), 'out.txt');
  const fd = openSync(path, 'w');
  const writer = new ByteWriter(fd);
  write(writer);
  writer.flush();
  closeSync(fd);
  return readFileSync(path, 'utf8');
}

test('integers, fixed decimals, text and the cases at the edges', () => {
  const out = written((w) => {
    for (const [x, d] of [
      [0, 2],
      [-0.004, 2],
      [-1.5, 1],
      [12.345678, 4],
      [1e20, 2],
      [Number.NaN, 2],
    ] as const) {
      w.fixed(x, d);
      w.byte(44);
    }
    w.int(-907);
    w.text(' 重要价值客户');
  });
  assert.equal(out, '0.00,0.00,-1.5,12.3457,100000000000000000000.00,,-907 重要价值客户');
});

test('property: fixed agrees with toFixed away from exact halves', () => {
  fc.assert(
    fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.integer({ min: 0, max: 4 }), (x, d) => {
      const scaled = Math.abs(x) * 10 ** d;
      fc.pre(Math.abs(scaled - Math.floor(scaled) - 0.5) > 1e-6);
      const expected = Math.abs(x) * 10 ** d < 0.5 ? Math.abs(0).toFixed(d) : x.toFixed(d);
      assert.equal(
        written((w) => w.fixed(x, d)),
        expected,
      );
    }),
    { numRuns: 2000 },
  );
});

test('property: integers, padded and signed, as String gives them', () => {
  fc.assert(
    fc.property(fc.maxSafeNat(), fc.integer({ min: 1, max: 20 }), (n, width) => {
      assert.equal(
        written((w) => w.paddedInt(n, width)),
        String(n).padStart(width, '0'),
      );
      assert.equal(
        written((w) => w.int(-n)),
        n === 0 ? '0' : `-${n}`,
      );
    }),
    { numRuns: 500 },
  );
});
