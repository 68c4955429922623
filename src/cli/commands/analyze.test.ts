import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { unpackedCdnow } from '../../analytics/cdnow-sample.fixture.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'clm-analyze-'));
const CDNOW = unpackedCdnow();

function clm(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/clm.js', 'analyze', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function csvRows(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split('\n');
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v])));
}

const master = ['--transactions', `${CDNOW}CDNOW_master.txt`, '--customer-col', '1', '--date-col', '2'];

test('CDNOW master with a backtest: one row per customer, fitted models, holdout figures', () => {
  const out = join(dir, 'cdnow.csv');
  const report = join(dir, 'cdnow.json');
  const run = clm(
    ...master,
    '--amount-col',
    '4',
    '--delimiter',
    'whitespace',
    '--calibration-end',
    '1997-09-30',
    '--out',
    out,
    '--report',
    report,
  );
  assert.equal(run.status, 0, run.stderr);
  assert.equal(
    run.stderr.trim(),
    `clm: 23,570 customers from 69,659 transactions as of 1998-06-30: ${out}, report ${report}`,
  );
  const rows = csvRows(readFileSync(out, 'utf8'));
  assert.equal(rows.length, 23570);
  // Customer 00003 bought on 6 distinct days in 1997-98 and spent 156.46 in all.
  const c3 = rows[2];
  assert.equal(c3.customer_id, '00003');
  assert.deepEqual(
    [c3.transactions, c3.frequency, c3.total, c3.first_purchase, c3.last_purchase],
    ['6', '5', '156.46', '1997-01-02', '1998-05-28'],
  );
  // As of 1998-06-30, in weeks: 544 days since the first purchase, 511 between first and last.
  assert.deepEqual([c3.T, c3.recency, c3.days_since_last], ['77.7143', '73.0000', '33']);
  for (const row of rows.slice(0, 200)) {
    assert.ok(Number(row.p_alive) >= 0 && Number(row.p_alive) <= 1);
    assert.ok(Number(row.churn_risk) >= 0 && Number(row.churn_risk) <= 100);
    assert.ok(Number(row.clv) >= 0);
    // 90 % intervals from parameter uncertainty hold the point prediction.
    assert.ok(Number(row.expected_purchases_low) <= Number(row.expected_purchases));
    assert.ok(Number(row.expected_purchases) <= Number(row.expected_purchases_high));
    assert.ok(Number(row.clv_low) <= Number(row.clv) && Number(row.clv) <= Number(row.clv_high));
  }
  assert.ok(Number(c3.expected_purchases_low) < Number(c3.expected_purchases_high));
  assert.ok(Number(c3.clv_low) < Number(c3.clv_high));
  const json = JSON.parse(readFileSync(report, 'utf8'));
  assert.equal(json.customers, 23570);
  assert.equal(json.models.bgnbd.converged, true);
  assert.equal(json.models.bgnbd.uncertainty.level, 0.9);
  assert.equal(json.models.bgnbd.uncertainty.scale, 'log');
  assert.ok(json.models.bgnbd.uncertainty.standardErrors.r > 0);
  assert.equal(json.models.gammaGamma.uncertainty.intervals.p.length, 2);
  const { frequencyRecency, frequencyHistogram } = json.models.diagnostics;
  assert.equal(frequencyRecency.pAlive.length, frequencyRecency.recencies.length);
  assert.equal(frequencyRecency.expectedPurchases[0].length, frequencyRecency.frequencies.length);
  assert.equal(frequencyHistogram.frequency.at(-1), '7+');
  assert.equal(
    frequencyHistogram.actual.reduce((x: number, y: number) => x + y, 0),
    json.models.bgnbd.n,
  );
  const week = json.backtest.tracking[40];
  assert.equal(week.actualWeekly, week.actual - json.backtest.tracking[39].actual);
  assert.ok(
    json.backtest.modelChoice.models.every((m: { uncertainty: unknown }) => m.uncertainty !== undefined),
  );
  assert.equal(json.backtest.holdoutDuration, 39);
  assert.equal(json.backtest.tracking.length, 78);
  assert.ok(json.backtest.churnRiskAuc > json.backtest.oneMinusPAliveAuc);
  // The churn forecast beats both baselines on the master file (see churn-backtest.test.ts).
  const churn = json.backtest.churn;
  assert.equal(churn.churnModel.auc.toFixed(4), '0.7716');
  assert.equal(churn.daysSinceLast.auc.toFixed(4), '0.7594');
  assert.equal(churn.churnModel.reliability.length, 10);
  assert.equal(json.backtest.modelChoice.criterion, 'holdout-log-likelihood');
  assert.equal(json.backtest.modelChoice.chosen, 'mbgnbd');
  assert.equal(
    Object.values(json.segments.rfm).reduce((a: number, b) => a + Number(b), 0),
    23570,
  );
});

test('header-less sample by column numbers, JSON table, --no-models leaves model columns null', () => {
  const out = join(dir, 'sample.json');
  const run = clm(
    '--transactions',
    `${CDNOW}CDNOW_sample.txt`,
    '--customer-col',
    '2',
    '--date-col',
    '3',
    '--amount-col',
    '5',
    '--delimiter',
    'whitespace',
    '--no-models',
    '--out',
    out,
  );
  assert.equal(run.status, 0, run.stderr);
  const rows = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(rows.length, 2357);
  assert.equal(rows[0].customer_id, '0001');
  assert.equal(rows[0].p_alive, null);
  assert.equal(rows[0].clv_low, null);
  assert.ok([rows[0].recency, rows[0].T, rows[0].days_since_last].every((v) => typeof v === 'number'));
  assert.match(rows[0].cn_class, /客户$/);
});

test('bad dates and amounts: one line naming file, line and column; exit 2; nothing written', () => {
  const file = join(dir, 'bad.csv');
  writeFileSync(file, 'id,day,value\n1,2024-01-01,5\n2,2024-13-01,5\n3,2024-01-02,abc\n');
  const run = clm(
    '--transactions',
    file,
    '--customer-col',
    'id',
    '--date-col',
    'day',
    '--amount-col',
    'value',
  );
  assert.equal(run.status, 2);
  assert.equal(run.stdout, '');
  assert.equal(
    run.stderr.trim(),
    `clm: ${file}: line 3, column day: cannot parse date '2024-13-01'; bad lines: 3, 4`,
  );
});

test('empty file, missing column, missing flag: exit 2 with a one-line message', () => {
  const empty = join(dir, 'empty.csv');
  writeFileSync(empty, '');
  const cols = ['--customer-col', 'id', '--date-col', 'day', '--amount-col', 'value'];
  const emptyRun = clm('--transactions', empty, ...cols);
  assert.equal(emptyRun.status, 2);
  assert.match(emptyRun.stderr, /empty\.csv: no transactions/);
  const noColumn = join(dir, 'nocol.csv');
  writeFileSync(noColumn, 'id,day\n1,2024-01-01\n');
  assert.match(
    clm('--transactions', noColumn, ...cols).stderr,
    /no amount column 'value' in the header \(columns: id, day\)/,
  );
  assert.match(clm('--transactions', noColumn).stderr, /--customer-col is required/);
  for (const run of [clm('--transactions', noColumn, ...cols), clm('--transactions', noColumn)]) {
    assert.equal(run.status, 2);
    assert.equal(run.stderr.trim().split('\n').length, 1);
  }
});

test('no repeat purchases: models cannot be fitted, RFM and ABC still come out, exit 0 with a warning', () => {
  const file = join(dir, 'once.csv');
  writeFileSync(file, 'id,day,value\na,2024-01-01,5\nb,2024-02-01,50\nc,2024-03-01,-5\nc,2024-03-01,20\n');
  const run = clm(
    '--transactions',
    file,
    '--customer-col',
    'id',
    '--date-col',
    'day',
    '--amount-col',
    'value',
  );
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /warning: BG\/NBD cannot be fitted: no customer made a repeat purchase/);
  assert.match(run.stderr, /warning: 1 negative amounts netted as returns/);
  const rows = csvRows(run.stdout);
  assert.deepEqual(
    rows.map((r) => [r.customer_id, r.total, r.abc, r.p_alive]),
    // 50 opens A; 15 joins it, as only 71 % comes before it; 5 starts at 93 %: B.
    [
      ['a', '5.00', 'B', ''],
      ['b', '50.00', 'A', ''],
      ['c', '15.00', 'A', ''],
    ],
  );
});

test('--period week counts purchases in the same week once and measures time in weeks', () => {
  // 2024-01-01 was a Monday: A bought twice in that week and once in the next.
  const file = join(dir, 'weeks.csv');
  writeFileSync(
    file,
    'customer,date,amount\nA,2024-01-01,10\nA,2024-01-02,20\nA,2024-01-09,30\nB,2024-01-03,50\nB,2024-02-20,60\nC,2024-01-05,5\n',
  );
  const columns = [
    '--transactions',
    file,
    '--customer-col',
    'customer',
    '--date-col',
    'date',
    '--amount-col',
    'amount',
  ];
  const byDay = csvRows(clm(...columns, '--no-models').stdout);
  const byWeek = csvRows(clm(...columns, '--no-models', '--period', 'week').stdout);
  assert.deepEqual(
    byDay.map((r) => r.frequency),
    ['2', '1', '0'],
  );
  assert.deepEqual(
    byWeek.map((r) => [r.frequency, r.recency, r.T]),
    [
      ['1', '1.0000', '7.0000'],
      ['1', '7.0000', '7.0000'],
      ['0', '0.0000', '7.0000'],
    ],
  );
});

test('a Gamma-Gamma fit that did not converge is a warning, as for BG/NBD', () => {
  const file = join(dir, 'few.csv');
  writeFileSync(
    file,
    'customer,date,amount\nA,2024-01-01,10\nA,2024-01-09,30\nB,2024-01-03,50\nB,2024-02-20,60\nC,2024-01-05,5\nD,2024-01-02,7\nD,2024-01-20,9\nD,2024-03-20,11\n',
  );
  const run = clm(
    '--transactions',
    file,
    '--customer-col',
    'customer',
    '--date-col',
    'date',
    '--amount-col',
    'amount',
  );
  assert.equal(run.status, 0);
  assert.match(run.stderr, /the Gamma-Gamma fit did not converge/);
});

test('--model mbgnbd|pareto-nbd: predictions, CLV and intervals from that model, fitted to the published values', () => {
  const sample = ['--transactions', `${CDNOW}CDNOW_sample.txt`, '--customer-col', '2', '--date-col', '3'];
  const run = (model: string) => {
    const out = join(dir, `sample-${model}.csv`);
    const report = join(dir, `sample-${model}.json`);
    const args = [
      '--amount-col',
      '5',
      '--delimiter',
      'whitespace',
      '--as-of',
      '1997-09-30',
      '--model',
      model,
    ];
    const result = clm(...sample, ...args, '--out', out, '--report', report);
    assert.equal(result.status, 0, result.stderr);
    return { rows: csvRows(readFileSync(out, 'utf8')), json: JSON.parse(readFileSync(report, 'utf8')) };
  };
  const three = (params: Record<string, number>) => Object.values(params).map((v) => v.toFixed(3));
  const bg = run('bgnbd');
  const mbg = run('mbgnbd');
  const pareto = run('pareto-nbd');
  // The calibration period of the CDNOW sample (39 weeks): Batislam et al. 2007; Fader & Hardie 2005.
  assert.equal(mbg.json.models.model, 'mbgnbd');
  assert.deepEqual(three(mbg.json.models.mbgnbd.params), ['0.525', '6.183', '0.891', '1.614']);
  assert.equal(pareto.json.models.model, 'pareto-nbd');
  assert.deepEqual(three(pareto.json.models.paretoNbd.params), ['0.553', '10.578', '0.606', '11.669']);
  assert.equal(pareto.json.models.bgnbd, undefined);
  // One-time buyers: BG/NBD says P(alive) = 1, MBG/NBD does not.
  const once = bg.rows.findIndex((r) => r.frequency === '0');
  assert.equal(bg.rows[once].p_alive, '1.0000');
  assert.ok(Number(mbg.rows[once].p_alive) < 1);
  for (const { rows, json } of [mbg, pareto]) {
    assert.equal(json.models.diagnostics.frequencyHistogram.actual.length > 0, true);
    assert.ok(
      Math.abs(json.models.clvTotal - rows.reduce((s, r) => s + Number(r.clv), 0)) < rows.length * 0.01,
    );
    for (const row of rows.slice(0, 100)) {
      assert.ok(Number(row.expected_purchases_low) <= Number(row.expected_purchases));
      assert.ok(Number(row.expected_purchases) <= Number(row.expected_purchases_high));
      assert.ok(Number(row.clv_low) <= Number(row.clv) && Number(row.clv) <= Number(row.clv_high));
    }
  }
  // Different models, different predictions for the same customer.
  assert.notEqual(pareto.rows[0].expected_purchases, bg.rows[0].expected_purchases);
  const bad = clm(...sample, '--amount-col', '5', '--delimiter', 'whitespace', '--model', 'nbd');
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim(), "clm: analyze: --model must be bgnbd, mbgnbd or pareto-nbd, not 'nbd'");
});
