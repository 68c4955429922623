import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type HypSeries, hyp2f1, hyp2f1OneSeries } from './special-functions.js';

const close = (actual: number, expected: number, rel = 1e-13) =>
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${actual} != ${expected}`);

describe('hyp2f1', () => {
  test('2F1(1, 1; 2; z) = -ln(1 - z) / z (Abramowitz & Stegun 15.1.3)', () => {
    close(hyp2f1(1, 1, 2, 0.5), 2 * Math.LN2);
    close(hyp2f1(1, 1, 2, 0.999), -Math.log(0.001) / 0.999, 1e-12);
  });

  test('2F1(1, 1; 2; -z) = ln(1 + z) / z for negative arguments', () => {
    close(hyp2f1(1, 1, 2, -0.5), Math.log(1.5) / 0.5);
  });

  test('2F1(a, b; b; z) = (1 - z)^-a', () => {
    close(hyp2f1(0.243, 2.426, 2.426, 0.9), 0.1 ** -0.243);
  });

  test('2F1(1/2, 1/2; 3/2; z²) = arcsin(z) / z (A&S 15.1.6)', () => {
    close(hyp2f1(0.5, 0.5, 1.5, 0.64), Math.asin(0.8) / 0.8);
  });

  test('is 1 at z = 0 and rejects |z| >= 1', () => {
    assert.equal(hyp2f1(3, 4, 5, 0), 1);
    assert.throws(() => hyp2f1(1, 1, 2, 1), RangeError);
  });
});

describe('hyp2f1OneSeries', () => {
  const out: HypSeries = { value: 0, dB: 0, dC: 0, dZ: 0 };

  test('its value equals 2F1(1, b; c; z)', () => {
    close(hyp2f1OneSeries(2.3, 5.1, 0.7, out).value, hyp2f1(1, 2.3, 5.1, 0.7));
  });

  test('its derivatives match central differences', () => {
    const [b, c, z, h] = [2.3, 5.1, 0.7, 1e-6];
    const at = (bb: number, cc: number, zz: number) => hyp2f1(1, bb, cc, zz);
    const d = hyp2f1OneSeries(b, c, z, out);
    close(d.dB, (at(b + h, c, z) - at(b - h, c, z)) / (2 * h), 1e-7);
    close(d.dC, (at(b, c + h, z) - at(b, c - h, z)) / (2 * h), 1e-7);
    close(d.dZ, (at(b, c, z + h) - at(b, c, z - h)) / (2 * h), 1e-7);
  });

  test('at z = 0 the value is 1 and the z-derivative is b / c', () => {
    const d = hyp2f1OneSeries(2, 8, 0, out);
    assert.deepEqual([d.value, d.dB, d.dC, d.dZ], [1, 0, 0, 0.25]);
  });
});
