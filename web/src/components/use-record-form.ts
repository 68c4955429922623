import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { useFormSave } from './use-form-save';

interface RecordFormOptions {
  /** Creates the record, or changes it against the version the form read. */
  save: () => Promise<unknown>;
  /** Removes the record the form read; absent for one not saved yet, which has nothing to remove. */
  remove?: { label: string; send: () => Promise<unknown> };
  /** The queries that show the record, read again once a save or a removal went through. */
  shownIn: QueryKey[];
  /** Then, e.g. the form closes. */
  onDone: () => void;
}

/**
 * The save and the removal of a record a card edits in place, as one form shows them: what useFormSave
 * makes of the save (a removal's failure shown where no field shows one), and the props of FormActions
 * but its Cancel.
 */
export function useRecordForm({ save, remove, shownIn, onDone }: RecordFormOptions) {
  const queryClient = useQueryClient();
  const done = async () => {
    await Promise.all(shownIn.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    onDone();
  };
  const saving = useMutation({ mutationFn: save, onSuccess: done });
  const removing = useMutation({ mutationFn: () => remove?.send() ?? Promise.resolve(), onSuccess: done });
  const { errors, submit, failure } = useFormSave(saving, removing.error);
  return {
    errors,
    submit,
    actions: {
      failure,
      pending: saving.isPending,
      remove: remove && {
        label: remove.label,
        pending: removing.isPending,
        onRemove: () => removing.mutate(),
      },
    },
  };
}
