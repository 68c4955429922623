import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Masked contact data: enough to recognise a number or address one already knows ("the one ending in
 * 5678"), not enough to call or write. A masked value always holds `*`, which no stored value does.
 */
export function maskPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  const national = parsed ? String(parsed.nationalNumber) : e164.replace(/\D/g, '');
  const kept =
    national.length >= 8
      ? `${national.slice(0, 3)}****${national.slice(-4)}`
      : `****${national.slice(-Math.min(2, national.length))}`;
  return parsed ? `+${parsed.countryCallingCode} ${kept}` : kept;
}

/** `li.lei@example.com` → `l***@example.com`: the domain names a company, not a person. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** A birthday gives away age and, with a name, the person: nothing of it is shown. */
export const MASKED_DATE = '****-**-**';

export const isMasked = (value: string) => value.includes('*');

/** The fields of a customer or contact that name a person, masked; other fields as they were. */
export function maskPersonFields<T extends { phones?: unknown; emails?: unknown; birthday?: unknown }>(
  record: T,
): T {
  const masked = { ...record };
  if (Array.isArray(record.phones)) masked.phones = record.phones.map((p) => maskPhone(String(p)));
  if (Array.isArray(record.emails)) masked.emails = record.emails.map((e) => maskEmail(String(e)));
  if (typeof record.birthday === 'string') masked.birthday = MASKED_DATE;
  return masked;
}
