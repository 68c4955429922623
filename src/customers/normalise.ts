import { type CountryCode, parsePhoneNumberWithError } from 'libphonenumber-js/max';

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
