/** Currencies offered first in the workspace form; any ISO 4217 code may be typed. */
export const COMMON_CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'JPY', 'GBP', 'SGD', 'TWD', 'KRW', 'AUD'];

/** Every IANA time zone the browser knows, for the time zone field's suggestions. */
export function timeZones(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['Asia/Shanghai', 'UTC'];
}

export interface WorkspaceForm {
  currency: string;
  timezone: string;
}

/**
 * The body of `PATCH /workspace`: only the fields that changed, the currency in capitals as ISO 4217
 * writes it; null when nothing changed.
 */
export function workspaceChanges(saved: WorkspaceForm, form: WorkspaceForm): Partial<WorkspaceForm> | null {
  const currency = form.currency.trim().toUpperCase();
  const timezone = form.timezone.trim();
  const body: Partial<WorkspaceForm> = {};
  if (currency !== saved.currency) body.currency = currency;
  if (timezone !== saved.timezone) body.timezone = timezone;
  return Object.keys(body).length ? body : null;
}
