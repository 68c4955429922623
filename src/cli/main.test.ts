import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '../..');
const clm = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/clm.js', ...args], {
    cwd: root,
    encoding: 'utf8',
  });

test('clm --help lists the commands', () => {
  const result = clm('--help');
  assert.equal(result.status, 0);
  for (const name of ['serve', 'migrate', 'user']) assert.match(result.stdout, new RegExp(`\\n  ${name} `));
});

test('every command answers --help with its usage', () => {
  for (const name of ['serve', 'migrate', 'user']) {
    const result = clm(name, '--help');
    assert.equal(result.status, 0, name);
    assert.match(result.stdout, /^Usage: clm /);
  }
});

test('bad arguments are one line on stderr and exit status 2', () => {
  for (const args of [
    ['nonsense'],
    ['serve', '--bogus'],
    ['user', 'add'],
    ['user', 'add', 'not-an-email'],
    ['migrate', 'x'],
  ]) {
    const result = clm(...args);
    assert.equal(result.status, 2, args.join(' '));
    assert.equal(result.stderr.trim().split('\n').length, 1, args.join(' '));
    assert.match(result.stderr, /^clm: /);
  }
});
