import type { Contact } from '../api/types';

/** A contact's fields as the inputs hold them: phones and e-mails as comma-separated text. */
export interface ContactFormValues {
  name: string;
  title: string;
  phones: string;
  emails: string;
  isPrimary: boolean;
}

export const emptyContact: ContactFormValues = {
  name: '',
  title: '',
  phones: '',
  emails: '',
  isPrimary: false,
};

/** Commas of both widths separate, since Chinese input methods type "，". */
const split = (text: string) =>
  text
    .split(/[,，\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

export const contactValues = (contact: Contact): ContactFormValues => ({
  name: contact.name,
  title: contact.title ?? '',
  phones: contact.phones.join(', '),
  emails: contact.emails.join(', '),
  isPrimary: contact.isPrimary,
});

/** The body of a create or an update: every field, an empty title as none. */
export const contactBody = (values: ContactFormValues) => ({
  name: values.name.trim(),
  title: values.title.trim() || null,
  phones: split(values.phones),
  emails: split(values.emails),
  isPrimary: values.isPrimary,
});

/** The primary contact first, then by name in the reader's language. */
export const sortContacts = (contacts: Contact[], language: string) =>
  [...contacts].sort(
    (a, b) => Number(b.isPrimary) - Number(a.isPrimary) || a.name.localeCompare(b.name, language),
  );
