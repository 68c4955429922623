import i18next from 'i18next';

/** Money arrives as a decimal string; Intl formats it without the app doing arithmetic on it. */
export function formatMoney(amount: string | number, currency = 'CNY'): string {
  const value = typeof amount === 'number' ? amount : Number(amount);
  return new Intl.NumberFormat(i18next.language, { style: 'currency', currency }).format(value);
}

export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(i18next.language, { dateStyle: 'medium' }).format(new Date(iso));
}

/** A calendar day (YYYY-MM-DD) as the reader writes dates, the same day wherever they are. */
export function formatDay(day: string): string {
  return new Intl.DateTimeFormat(i18next.language, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(i18next.language, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(i18next.language).format(value);
}

/** A share (0.123) as a percentage with one decimal in the user's number format: "12.3%". */
export function formatPercent(share: number): string {
  return new Intl.NumberFormat(i18next.language, { style: 'percent', maximumFractionDigits: 1 }).format(
    share,
  );
}
