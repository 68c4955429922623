import { CARE_CHANNELS, type CareChannel, type CareSettings } from '../api/types';
import { listOf, numberOf } from './care-rule-form';

/** A cap of one channel as the form holds it; both fields empty: no cap of its own. */
export interface ChannelCapForm {
  messages: string;
  days: string;
}

/** The guards as the form holds them (text, as inputs give it), and the document PUT /care/settings takes. */
export interface GuardsForm {
  paused: boolean;
  quietStart: string;
  quietEnd: string;
  capMessages: string;
  capDays: string;
  channelCaps: Record<CareChannel, ChannelCapForm>;
  webhookAllowedHosts: string;
}

export type GuardsDocument = Record<keyof GuardsForm, unknown>;

export function guardsForm(settings: CareSettings): GuardsForm {
  const caps = settings.channelCaps ?? {};
  return {
    paused: settings.paused,
    quietStart: String(settings.quietStart),
    quietEnd: String(settings.quietEnd),
    capMessages: String(settings.capMessages),
    capDays: String(settings.capDays),
    channelCaps: Object.fromEntries(
      CARE_CHANNELS.map((c) => [
        c,
        { messages: caps[c] ? String(caps[c].messages) : '', days: caps[c] ? String(caps[c].days) : '' },
      ]),
    ) as Record<CareChannel, ChannelCapForm>,
    webhookAllowedHosts: settings.webhookAllowedHosts.join(', '),
  };
}

export function guardsDocument(form: GuardsForm): GuardsDocument {
  return {
    paused: form.paused,
    quietStart: numberOf(form.quietStart),
    quietEnd: numberOf(form.quietEnd),
    capMessages: numberOf(form.capMessages),
    capDays: numberOf(form.capDays),
    // A channel with one field filled is sent, so that the server names the missing one.
    channelCaps: Object.fromEntries(
      CARE_CHANNELS.filter((c) => form.channelCaps[c].messages.trim() || form.channelCaps[c].days.trim()).map(
        (c) => [
          c,
          { messages: numberOf(form.channelCaps[c].messages), days: numberOf(form.channelCaps[c].days) },
        ],
      ),
    ),
    webhookAllowedHosts: listOf(form.webhookAllowedHosts),
  };
}
