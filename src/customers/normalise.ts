import { type CountryCode, parsePhoneNumberWithError } from 'libphonenumber-js/max';
import { badRequest, type FieldError } from '../errors.js';

/**
 * A phone number in E.164 (`+8613812345678`), reading numbers without a country code as numbers of
 * `region`. Returns undefined when the number is not a valid number.
 */
export function normalisePhone(input: string, region: string): string | undefined {
  try {
    const phone = parsePhoneNumberWithError(input.trim(), region.toUpperCase() as CountryCode);
    return phone.isValid() ? phone.number : undefined;
  } catch {
    return undefined;
  }
}

/** E-mail addresses compare trimmed and lower-cased (the local part is case-insensitive in practice). */
export const normaliseEmail = (input: string) => input.trim().toLowerCase();

/**
 * A request's phone list in E.164 without duplicates. Every bad entry is reported at once, as
 * `body.phones.N`, so that a client can fix them all in one round.
 */
export function normalisePhones(inputs: string[], region: string): string[] {
  const errors: FieldError[] = [];
  const phones = inputs.map((raw, i) => {
    const phone = normalisePhone(raw, region);
    if (!phone)
      errors.push({
        path: `body.phones.${i}`,
        code: 'invalid_phone',
        message: `'${raw}' is not a valid phone number`,
      });
    return phone ?? '';
  });
  if (errors.length) throw badRequest('invalid phone number', errors);
  return [...new Set(phones)];
}

/**
 * `normalisePhone` for one region with the answers of recent inputs kept: an import names the same
 * customers' numbers over and over, and parsing a number costs far more than a lookup.
 */
export function phoneNormaliser(region: string, remember = 50_000): (input: string) => string | undefined {
  const known = new Map<string, string | null>();
  return (input) => {
    const hit = known.get(input);
    if (hit !== undefined) return hit ?? undefined;
    const phone = normalisePhone(input, region);
    if (known.size >= remember) known.clear();
    known.set(input, phone ?? null);
    return phone;
  };
}
