import { ApiError, type FieldError } from '../api/api-error';
import type { Customer, CustomerType } from '../api/types';

/** The edit form's fields as the inputs hold them: lists as comma-separated text. */
export interface CustomerFormValues {
  name: string;
  type: CustomerType;
  company: string;
  phones: string;
  emails: string;
  industry: string;
  region: string;
  source: string;
  tags: string;
  /** YYYY-MM-DD or empty; a masked birthday (no pii.view) is left empty and never sent. */
  birthday: string;
}

export type CustomerPatch = Partial<{
  name: string;
  type: CustomerType;
  company: string | null;
  phones: string[];
  emails: string[];
  industry: string | null;
  region: string | null;
  source: string | null;
  tags: string[];
  birthday: string | null;
}>;

const join = (list: string[]) => list.join(', ');
/** Commas of both widths separate, since Chinese input methods type "，". */
const split = (text: string) =>
  text
    .split(/[,，\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

export function toFormValues(customer: Customer): CustomerFormValues {
  return {
    name: customer.name,
    type: customer.type,
    company: customer.company ?? '',
    phones: join(customer.phones),
    emails: join(customer.emails),
    industry: customer.industry ?? '',
    region: customer.region ?? '',
    source: customer.source ?? '',
    tags: join(customer.tags),
    birthday: customer.birthday && !customer.birthday.includes('*') ? customer.birthday : '',
  };
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Only the fields that changed: a PATCH that repeats unchanged values would still be refused when a
 * colleague changed one of them meanwhile, and it would blur the audit trail.
 */
export function toPatch(values: CustomerFormValues, original: Customer): CustomerPatch {
  const patch: CustomerPatch = {};
  if (values.name.trim() !== original.name) patch.name = values.name.trim();
  if (values.type !== original.type) patch.type = values.type;
  for (const key of ['company', 'industry', 'region', 'source'] as const) {
    const value = orNull(values[key]);
    if (value !== original[key]) patch[key] = value;
  }
  for (const key of ['phones', 'emails', 'tags'] as const) {
    const list = split(values[key]);
    if (!sameList(list, original[key])) patch[key] = list;
  }
  // A masked birthday was never shown: an empty field then means "not seen", not "remove it".
  const masked = original.birthday?.includes('*') ?? false;
  const birthday = orNull(values.birthday);
  if (birthday !== original.birthday && !(masked && birthday === null)) patch.birthday = birthday;
  return patch;
}

export const emptyFormValues: CustomerFormValues = {
  name: '',
  type: 'consumer',
  company: '',
  phones: '',
  emails: '',
  industry: '',
  region: '',
  source: '',
  tags: '',
  birthday: '',
};

export type CustomerKind = Customer['kind'];

/** A new customer's fields: empty texts and lists are left out, so the server's defaults apply. */
export function toInput(values: CustomerFormValues, kind: CustomerKind) {
  const input: CustomerPatch & { kind: CustomerKind; name: string } = {
    kind,
    name: values.name.trim(),
    type: values.type,
  };
  for (const key of ['company', 'industry', 'region', 'source'] as const) {
    const value = orNull(values[key]);
    if (value !== null) input[key] = value;
  }
  for (const key of ['phones', 'emails', 'tags'] as const) {
    const list = split(values[key]);
    if (list.length) input[key] = list;
  }
  if (values.birthday) input.birthday = values.birthday;
  return input;
}

// The same rules as the server's schema (src/customers/schema.ts), so most mistakes are caught
// before a round trip; the server stays the judge (a phone's region is only checked there).
const PHONE = /^\+?\d{7,17}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TEXT_LIMITS = { name: 200, company: 200, industry: 100, region: 100, source: 100 } as const;

/** Every field at fault in the form, with the server's paths and codes, so one reader says them all. */
export function checkCustomerForm(values: CustomerFormValues): FieldError[] {
  const faults: FieldError[] = [];
  if (!values.name.trim()) faults.push({ path: 'body.name', code: 'required', message: 'is required' });
  for (const [key, limit] of Object.entries(TEXT_LIMITS) as [keyof typeof TEXT_LIMITS, number][]) {
    if (values[key].trim().length > limit)
      faults.push({ path: `body.${key}`, code: 'too_long', limit, message: `is longer than ${limit}` });
  }
  split(values.phones).forEach((phone, i) => {
    if (phone.length > 40 || !PHONE.test(phone.replace(/[\s\-.()/]/g, '')))
      faults.push({ path: `body.phones.${i}`, code: 'invalid_phone', message: 'is not a phone number' });
  });
  split(values.emails).forEach((email, i) => {
    if (!EMAIL.test(email))
      faults.push({ path: `body.emails.${i}`, code: 'invalid_email', message: 'is not an e-mail address' });
  });
  split(values.tags).forEach((tag, i) => {
    if (tag.length > 50)
      faults.push({ path: `body.tags.${i}`, code: 'too_long', limit: 50, message: 'is longer than 50' });
  });
  return faults;
}

/** Throws the form's faults as the server would answer them, so a form shows both the same way. */
export function assertCustomerForm(values: CustomerFormValues) {
  const faults = checkCustomerForm(values);
  if (faults.length) throw new ApiError(400, 'validation', 'the form has fields at fault', faults);
}
