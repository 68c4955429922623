import assert from 'node:assert/strict';
import { test } from 'node:test';
import { companyLine } from './company-line';

test('an organisation named as its company shows its name once, whatever the case and spaces', () => {
  assert.equal(companyLine({ name: 'Acme Trading', company: 'Acme Trading' }), null);
  assert.equal(companyLine({ name: 'Acme Trading', company: ' acme trading ' }), null);
});

test('a company that says more than the name is shown; none is none', () => {
  assert.equal(companyLine({ name: 'Li Lei', company: 'Acme Trading' }), 'Acme Trading');
  assert.equal(companyLine({ name: 'Li Lei', company: null }), null);
});
