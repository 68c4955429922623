import type { TFunction } from 'i18next';
import type { FieldError } from '../api/api-error';
import type { en } from './en';

/**
 * A refused field in the reader's language. The server's stable code names the text (`fieldError.*`,
 * with the missed bound as `limit`); a code without a text of its own (or `invalid`) falls back to the server's
 * message in English and to a general sentence in other languages, never to raw English.
 */
interface Reader {
  t: TFunction;
  exists(key: string): boolean;
  language: string;
}

export function fieldErrorText(error: FieldError, i18n: Reader): string {
  // `invalid` says nothing the server's own message does not say better.
  const key = `fieldError.${error.code}` as `fieldError.${keyof typeof en.fieldError}`;
  if (error.code && error.code !== 'invalid' && i18n.exists(key))
    return i18n.t(key, { limit: error.limit ?? '' });
  return i18n.language.startsWith('en') ? error.message : i18n.t('fieldError.invalid');
}
