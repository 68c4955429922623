import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadCdnowSpend, loadCdnowSummary } from '../../analytics/cdnow-sample.fixture.js';

const root = new URL('../../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'clm-fit-'));

function clm(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/clm.js', 'fit', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function writeCsv(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The CDNOW sample in the CLI format, columns shuffled and an extra column to ignore. */
function cdnowCsv(): string {
  const { frequency, recency, T } = loadCdnowSummary();
  const { monetaryValue } = loadCdnowSpend();
  const lines = ['T,id,monetary_value,recency,frequency'];
  for (let i = 0; i < frequency.length; i++) {
    lines.push(`${T[i]},c${i},${monetaryValue[i]},${recency[i]},${frequency[i]}`);
  }
  return writeCsv('cdnow.csv', `${lines.join('\n')}\n`);
}

describe('clm fit', () => {
  const file = cdnowCsv();

  test('bgnbd prints one JSON object with the published CDNOW parameters', () => {
    const r = clm('bgnbd', '--summary', file);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), [
      'model',
      'params',
      'logLikelihood',
      'n',
      'iterations',
      'converged',
      'uncertainty',
    ]);
    assert.equal(out.model, 'bgnbd');
    assert.deepEqual(Object.keys(out.params), ['r', 'alpha', 'a', 'b']);
    assert.equal(out.params.r.toPrecision(3), '0.243');
    assert.equal(out.n, 2357);
    assert.equal(out.converged, true);
  });

  test('pareto-nbd prints r, alpha, s, beta', () => {
    const out = JSON.parse(clm('pareto-nbd', '--summary', file).stdout);
    assert.deepEqual(Object.keys(out.params), ['r', 'alpha', 's', 'beta']);
    assert.equal(out.params.s.toPrecision(3), '0.606');
  });

  test('gamma-gamma prints p, q, gamma and the number of skipped customers', () => {
    const out = JSON.parse(clm('gamma-gamma', '--summary', file).stdout);
    assert.deepEqual(Object.keys(out.params), ['p', 'q', 'gamma']);
    assert.equal(out.n, 946);
    assert.equal(out.skipped, 1411);
  });

  test('--penalizer is passed to the fit', () => {
    const out = JSON.parse(clm('bgnbd', '--summary', file, '--penalizer', '0.1').stdout);
    assert.ok(out.params.alpha < 1);
  });

  test('a value that is not a number exits 2 naming the file, line and column', () => {
    const bad = writeCsv('bad.csv', 'frequency,recency,T\n1,2,10\n2,x,10\n');
    const r = clm('bgnbd', '--summary', bad);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim(), `clm: ${bad}:3: column 'recency': not a number: 'x'`);
  });

  test('a recency beyond T exits 2 naming the file, line and column', () => {
    const bad = writeCsv('late.csv', 'frequency,recency,T\n1,2,10\n2,12,10\n');
    const r = clm('bgnbd', '--summary', bad);
    assert.equal(r.status, 2);
    assert.match(r.stderr, new RegExp(`^clm: ${bad}:3: column 'recency': recency must lie in \\[0, T\\]`));
  });

  test('a missing column exits 2 naming the file and the column', () => {
    const bad = writeCsv('missing.csv', 'frequency,recency\n1,2\n');
    const r = clm('pareto-nbd', '--summary', bad);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /missing\.csv:1: missing column 'T'/);
  });

  test('an unknown model or a missing --summary exits 2', () => {
    assert.equal(clm('nbd', '--summary', file).status, 2);
    assert.equal(clm('bgnbd').status, 2);
    assert.equal(clm('bgnbd', '--summary', file, '--penalizer', '-1').status, 2);
  });

  test('a fit that does not converge still prints its JSON, says so on stderr and exits 1', () => {
    const one = writeCsv('one.csv', 'frequency,recency,T\n2,30,38\n');
    const r = clm('bgnbd', '--summary', one);
    assert.equal(r.status, 1);
    assert.equal(JSON.parse(r.stdout).converged, false);
    assert.match(r.stderr, /did not converge/);
  });

  test('data without any repeat purchase cannot be fitted: exit 2 with the reason, for every model', () => {
    const zeros = writeCsv('zeros.csv', 'frequency,recency,T\n0,0,38\n0,0,20\n');
    for (const model of ['bgnbd', 'mbgnbd', 'pareto-nbd']) {
      const r = clm(model, '--summary', zeros);
      assert.equal(r.status, 2, model);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /no customer made a repeat purchase/);
    }
  });

  test('mbgnbd prints r, alpha, a, b: the CDNOW values of lifetimes and BTYDplus', () => {
    const r = clm('mbgnbd', '--summary', file);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), [
      'model',
      'params',
      'logLikelihood',
      'n',
      'iterations',
      'converged',
      'uncertainty',
    ]);
    assert.equal(out.model, 'mbgnbd');
    assert.deepEqual(
      Object.entries(out.params).map(([k, v]) => `${k}=${(v as number).toFixed(3)}`),
      ['r=0.525', 'alpha=6.183', 'a=0.891', 'b=1.614'],
    );
    assert.equal(out.converged, true);
  });

  test('mbgnbd on one customer prints converged: false and exits 1', () => {
    const one = writeCsv('one-mbg.csv', 'frequency,recency,T\n2,30,38\n');
    const r = clm('mbgnbd', '--summary', one);
    assert.equal(r.status, 1);
    assert.equal(JSON.parse(r.stdout).converged, false);
  });
});

describe('clm fit bgbb and sbg', () => {
  const donations = new URL('../../../test/fixtures/donations/donations.csv', import.meta.url).pathname;

  test('bgbb on the donations file prints alpha, beta, gamma, delta of Fader, Hardie & Shang (2010)', () => {
    const r = clm('bgbb', '--summary', donations);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.model, 'bgbb');
    assert.deepEqual(
      Object.entries(out.params).map(([k, v]) => `${k}=${(v as number).toFixed(3)}`),
      ['alpha=1.204', 'beta=0.750', 'gamma=0.657', 'delta=2.783'],
    );
    assert.equal(out.n, 11104);
  });

  test('the JSON carries standard errors and 90 % intervals on the log scale', () => {
    const out = JSON.parse(clm('bgbb', '--summary', donations).stdout);
    assert.deepEqual(Object.keys(out.uncertainty), [
      'level',
      'scale',
      'standardErrors',
      'intervals',
      'logCovariance',
    ]);
    assert.equal(out.uncertainty.level, 0.9);
    assert.equal(out.uncertainty.scale, 'log');
    const [lo, hi] = out.uncertainty.intervals.alpha;
    assert.ok(lo < out.params.alpha && out.params.alpha < hi);
    assert.ok(out.uncertainty.standardErrors.delta > 0);
  });

  test('bgbb without a weights column counts each row as one customer', () => {
    const plain = writeCsv('occasions.csv', 'frequency,recency,periods\n0,0,6\n2,4,6\n6,6,6\n1,3,6\n');
    const out = JSON.parse(clm('bgbb', '--summary', plain).stdout);
    assert.equal(out.n, 4);
  });

  test('bgbb with a frequency above the recency exits 2 naming the line and column', () => {
    const bad = writeCsv('bad-bgbb.csv', 'frequency,recency,periods\n1,1,6\n3,2,6\n');
    const r = clm('bgbb', '--summary', bad);
    assert.equal(r.status, 2);
    assert.match(r.stderr, new RegExp(`^clm: ${bad}:3: column 'frequency'`));
  });

  test('bgbb with only one-time customers cannot be fitted: exit 2 with the reason', () => {
    const zeros = writeCsv('zeros-bgbb.csv', 'frequency,recency,periods\n0,0,6\n0,0,6\n');
    const r = clm('bgbb', '--summary', zeros);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no customer made a repeat transaction/);
  });

  test('bgbb on a single donor prints converged: false and exits 1', () => {
    const one = writeCsv('one-bgbb.csv', 'frequency,recency,periods\n1,1,1\n');
    const r = clm('bgbb', '--summary', one);
    assert.equal(r.status, 1);
    assert.equal(JSON.parse(r.stdout).converged, false);
    assert.match(r.stderr, /the bgbb fit did not converge/);
  });

  test('sbg of a cohort that leaves at a constant rate prints converged: false and exits 1', () => {
    // Retention 0.9 then 0.89: no heterogeneity to estimate, α and β run off together.
    const constant = writeCsv('constant.csv', 'period,alive\n0,10\n1,9\n2,8\n');
    const r = clm('sbg', '--survival', constant);
    assert.equal(r.status, 1);
    assert.equal(JSON.parse(r.stdout).converged, false);
  });

  test('sbg on the regular customers of Fader & Hardie (2007) prints alpha = 0.704, beta = 1.182', () => {
    const survival = writeCsv(
      'regular.csv',
      'period,alive\n0,1000\n1,631\n2,468\n3,382\n4,326\n5,289\n6,262\n7,241\n',
    );
    const r = clm('sbg', '--survival', survival);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.model, 'sbg');
    assert.deepEqual(
      Object.entries(out.params).map(([k, v]) => `${k}=${(v as number).toFixed(3)}`),
      ['alpha=0.704', 'beta=1.182'],
    );
  });

  test('sbg: periods out of order, counts that rise, or no --survival exit 2', () => {
    const order = writeCsv('order.csv', 'period,alive\n1,631\n0,1000\n');
    assert.match(clm('sbg', '--survival', order).stderr, /order\.csv:2: column 'period': expected 0/);
    const rise = writeCsv('rise.csv', 'period,alive\n0,100\n1,80\n2,90\n');
    const r = clm('sbg', '--survival', rise);
    assert.equal(r.status, 2);
    assert.match(r.stderr, new RegExp(`${rise}:4: column 'alive': alive cannot rise`));
    assert.equal(clm('sbg', '--summary', rise).status, 2);
  });

  test('sbg of a cohort nobody left cannot be fitted: exit 2 with the reason', () => {
    const stay = writeCsv('stay.csv', 'period,alive\n0,100\n1,100\n');
    const r = clm('sbg', '--survival', stay);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no customer left/);
  });
});
