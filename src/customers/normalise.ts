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
 * The entries of a request's phone list that are no valid number of `region`, as `body.phones.N`.
 * Takes the body as sent (it may have failed schema validation): anything not a string list has no
 * fault here, the schema reports it.
 */
export function phoneFaults(body: unknown, region: string): FieldError[] {
  const phones = (body as { phones?: unknown } | null)?.phones;
  if (!Array.isArray(phones)) return [];
  return phones.flatMap((raw, i) =>
    typeof raw === 'string' && !normalisePhone(raw, region)
      ? [{ path: `body.phones.${i}`, code: 'invalid_phone', message: `'${raw}' is not a valid phone number` }]
      : [],
  );
}

/**
 * A request's phone list in E.164 without duplicates. Every bad entry is reported at once, as
 * `body.phones.N`, so that a client can fix them all in one round.
 */
export function normalisePhones(inputs: string[], region: string): string[] {
  const errors = phoneFaults({ phones: inputs }, region);
  if (errors.length) throw badRequest('invalid phone number', errors);
  return [...new Set(inputs.map((raw) => normalisePhone(raw, region) ?? ''))];
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

/** `phoneFaults` as a route's `bodyFaults`: numbers are read in the workspace's region. */
export const phoneBodyFaults = (body: unknown, request: { workspace: { phoneRegion: string } }) =>
  phoneFaults(body, request.workspace.phoneRegion);
