import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { careSettingsInput } from '../../../src/care/schema';
import type { CareSettings } from '../api/types';
import { guardsDocument, guardsForm } from './care-guards-form';

const settings: CareSettings = {
  paused: true,
  quietStart: 21,
  quietEnd: 8,
  capMessages: 2,
  capDays: 7,
  channelCaps: { email: { messages: 2, days: 7 }, other: { messages: 1, days: 1 } },
  webhookAllowedHosts: ['sms.internal', 'wx.internal'],
  version: 3,
  webhookSecretHint: '…abcd',
  smtp: null,
};

describe('the care guards form', () => {
  test('gives back the guards as they were, a document the API reads unchanged', () => {
    const doc = guardsDocument(guardsForm(settings));
    const { webhookSecretHint, smtp, version, ...guards } = settings;
    assert.deepEqual(doc, guards);
    assert.deepEqual(careSettingsInput.parse(doc), guards);
  });

  test('sends an empty bound as absent and a word as typed, so that the server names each field', () => {
    const form = { ...guardsForm(settings), capDays: '', quietStart: 'late', webhookAllowedHosts: ' ' };
    const doc = guardsDocument(form);
    assert.deepEqual(doc.webhookAllowedHosts, []);
    const parsed = careSettingsInput.safeParse(doc);
    assert.deepEqual(parsed.error?.issues.map((i) => i.path.join('.')).sort(), ['capDays', 'quietStart']);
  });

  test('a channel cap with both fields empty is none; with one filled it is sent for the server to name the other', () => {
    const form = guardsForm(settings);
    form.channelCaps.email = { messages: '', days: '' };
    form.channelCaps.sms = { messages: '3', days: '' };
    const doc = guardsDocument(form);
    assert.deepEqual(doc.channelCaps, {
      sms: { messages: 3, days: undefined },
      other: { messages: 1, days: 1 },
    });
    const parsed = careSettingsInput.safeParse(doc);
    assert.deepEqual(
      parsed.error?.issues.map((i) => i.path.join('.')),
      ['channelCaps.sms.days'],
    );
  });
});
