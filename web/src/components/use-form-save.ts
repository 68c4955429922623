import type { FormEvent } from 'react';
import { useErrorMessage, useFieldMessages } from './states';

/**
 * What a form makes of its save (a mutation without variables): the server's messages by field, the submit
 * handler, and the failure no field shows in the reader's words, else that of `other` (e.g. a removal's);
 * null when there is none.
 */
export function useFormSave(save: { error: Error | null; mutate: () => void }, other: Error | null = null) {
  const fieldMessages = useFieldMessages();
  const errorMessage = useErrorMessage();
  const errors = fieldMessages(save.error);
  const failed = save.error && Object.keys(errors).length === 0 ? save.error : other;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return { errors, submit, failure: failed && errorMessage(failed) };
}
