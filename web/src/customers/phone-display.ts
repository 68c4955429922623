import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** Masked contact data always holds `*`, which no stored phone, e-mail or date does. */
export const isMasked = (value: string) => value.includes('*');

/**
 * A stored phone number (E.164) as people of the workspace's region write it: national format for
 * numbers of that region, international for the rest; `href` dials it from a phone. A number the
 * library cannot read is shown as stored.
 */
export function displayPhone(stored: string, region: string | undefined): { text: string; href: string } {
  // A number the server masked (the role lacks pii.view, or the customer is in a pool) is shown as sent.
  if (isMasked(stored)) return { text: stored, href: '' };
  const parsed = parsePhoneNumberFromString(stored);
  if (!parsed) return { text: stored, href: `tel:${stored.replace(/[^\d+]/g, '')}` };
  const text =
    parsed.country && parsed.country === region ? parsed.formatNational() : parsed.formatInternational();
  return { text, href: parsed.getURI() };
}
