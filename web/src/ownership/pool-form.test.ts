import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import i18next from 'i18next';
import { ApiError } from '../api/api-error';
import type { Pool } from '../api/types';
import { en } from '../i18n/en';
import { fieldErrorText } from '../i18n/field-errors';
import { zhCN } from '../i18n/zh-cn';
import {
  assertPoolForm,
  checkPoolForm,
  faultsByPath,
  newPoolValues,
  toPoolInput,
  toPoolValues,
} from './pool-form';

const team = '00000000-0000-4000-8000-00000000000a';
const pool: Pool = {
  id: '00000000-0000-4000-8000-000000000001',
  name: '华东',
  isDefault: false,
  claimsPerDay: 5,
  heldLimit: null,
  reclaimCooldownDays: 3,
  detailsPerDay: 40,
  memberLimits: [
    { teamId: team, claimsPerDay: 2 },
    { role: 'rep', heldLimit: null },
  ],
  returnRules: [
    { abcClass: 'A', exempt: true },
    { stage: 'active', noFollowUpDays: 30 },
    { businessLineId: '00000000-0000-4000-8000-00000000000b', noPurchaseDays: 20 },
    { clvBand: { min: 10_000 }, noFollowUpDays: 7 },
    { clvBand: { min: 1000, max: 10_000 }, noFollowUpDays: 14 },
    { noPurchaseDays: 90, contractEndDays: 30 },
  ],
  warnDays: 3,
  managerWarnDays: 1,
  urgentDays: 5,
  memberIds: ['00000000-0000-4000-8000-000000000002'],
  version: 4,
};

describe('the pool form', () => {
  test('a stored pool comes back unchanged: a limit lifted (null) stays apart from one left to the pool', () => {
    const { id, isDefault, version, ...input } = pool;
    const values = toPoolValues(pool);
    assert.deepEqual(checkPoolForm(values), []);
    assert.deepEqual(toPoolInput(values, false), input);
  });

  test("the default pool's members are not sent: every member belongs to it", () => {
    assert.equal('memberIds' in toPoolInput(toPoolValues({ ...pool, isDefault: true }), true), false);
  });

  test('every field at fault at once, each rule and limit row under its own path', () => {
    const values = {
      ...newPoolValues,
      name: ' ',
      claimsPerDay: '0',
      warnDays: '',
      managerWarnDays: '2',
      returnRules: [
        {
          abcClass: '' as const,
          stage: '',
          businessLineId: '',
          clvMin: '500',
          clvMax: '100',
          noFollowUpDays: '2.5',
          noPurchaseDays: '4000',
          contractEndDays: '0',
          exempt: false,
        },
      ],
      memberLimits: [
        {
          who: 'role:rep',
          claimsPerDay: { mode: 'set' as const, value: '' },
          heldLimit: { mode: 'set' as const, value: '0' },
        },
      ],
    };
    assert.deepEqual(
      checkPoolForm(values).map(({ path, code, limit }) => [path, code, limit]),
      [
        ['body.name', 'required', undefined],
        ['body.claimsPerDay', 'too_small', 1],
        ['body.warnDays', 'required', undefined],
        ['body.returnRules.0.noFollowUpDays', 'invalid_type', undefined],
        ['body.returnRules.0.noPurchaseDays', 'too_big', 3650],
        ['body.returnRules.0.contractEndDays', 'too_small', 1],
        ['body.returnRules.0.clvBand.max', 'invalid', undefined],
        ['body.memberLimits.0.claimsPerDay', 'required', undefined],
        ['body.memberLimits.0.heldLimit', 'too_small', 1],
      ],
    );
  });

  test("faults read in the reader's language beside the field of their row", async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'zh-CN', resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } } });
    const caught = (() => {
      try {
        assertPoolForm({ ...newPoolValues, name: '华南', heldLimit: '0' });
      } catch (error) {
        return error;
      }
    })();
    const server = new ApiError(409, 'conflict', 'taken', [
      { path: 'body.name', code: 'already_used', message: 'is already used by another pool' },
    ]);
    const say = (fault: Parameters<typeof fieldErrorText>[0]) => fieldErrorText(fault, i18n);
    assert.deepEqual(faultsByPath(caught, say), {
      heldLimit: zhCN.fieldError.too_small.replace('{{limit}}', '1'),
    });
    assert.deepEqual(faultsByPath(server, say), { name: zhCN.fieldError.already_used });
  });

  test('the urgent days are required, a whole number from 0 (red once overdue) to 365', () => {
    const faults = (urgentDays: string) =>
      checkPoolForm({ ...newPoolValues, name: 'East', urgentDays }).map(({ path, code, limit }) => [
        path,
        code,
        limit,
      ]);
    assert.deepEqual(faults(''), [['body.urgentDays', 'required', undefined]]);
    assert.deepEqual(faults('366'), [['body.urgentDays', 'too_big', 365]]);
    assert.deepEqual(faults('1.5'), [['body.urgentDays', 'invalid_type', undefined]]);
    assert.deepEqual(faults('0'), []);
    assert.equal(toPoolInput({ ...newPoolValues, name: 'East', urgentDays: '7' }, true).urgentDays, 7);
  });

  test("the managers' days may not exceed the owner's: the owner hears first", () => {
    const faults = checkPoolForm({ ...newPoolValues, name: 'East', warnDays: '2', managerWarnDays: '3' });
    assert.deepEqual(
      faults.map(({ path, code, limit }) => [path, code, limit]),
      [['body.managerWarnDays', 'too_big', 2]],
    );
    assert.deepEqual(
      checkPoolForm({ ...newPoolValues, name: 'East', warnDays: '2', managerWarnDays: '2' }),
      [],
    );
  });
});
