import type { CareSettings } from '../api/types';
import { listOf, numberOf } from './care-rule-form';

/** The guards as the form holds them (text, as inputs give it), and the document PUT /care/settings takes. */
export interface GuardsForm {
  paused: boolean;
  quietStart: string;
  quietEnd: string;
  capMessages: string;
  capDays: string;
  webhookAllowedHosts: string;
}

export type GuardsDocument = Record<keyof GuardsForm, unknown>;

export function guardsForm(settings: CareSettings): GuardsForm {
  return {
    paused: settings.paused,
    quietStart: String(settings.quietStart),
    quietEnd: String(settings.quietEnd),
    capMessages: String(settings.capMessages),
    capDays: String(settings.capDays),
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
    webhookAllowedHosts: listOf(form.webhookAllowedHosts),
  };
}
