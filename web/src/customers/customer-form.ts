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
  return patch;
}
