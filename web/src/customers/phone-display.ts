import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * A stored phone number (E.164) as people of the workspace's region write it: national format for
 * numbers of that region, international for the rest; `href` dials it from a phone. A number the
 * library cannot read is shown as stored.
 */
export function displayPhone(stored: string, region: string | undefined): { text: string; href: string } {
  const parsed = parsePhoneNumberFromString(stored);
  if (!parsed) return { text: stored, href: `tel:${stored.replace(/[^\d+]/g, '')}` };
  const text =
    parsed.country && parsed.country === region ? parsed.formatNational() : parsed.formatInternational();
  return { text, href: parsed.getURI() };
}
