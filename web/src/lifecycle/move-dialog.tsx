import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Customer } from '../api/types';
import { Field } from '../components/field';
import { useErrorMessage, useFieldMessages } from '../components/states';
import { boardColumnKey } from './board-column';
import { type ColumnPages, moveCard } from './board-move';

export interface Move {
  customerId: string;
  name: string;
  /** The column the card leaves. */
  from: string;
  stage: string;
  stageLabel: string;
}

/** Asks why a customer is moved to another stage, then sets it by hand (a manual override). */
export function MoveDialog({ move, onClose }: { move: Move; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const save = useMutation({
    mutationFn: () =>
      api.PUT('/customers/{id}/lifecycle', {
        params: { path: { id: move.customerId } },
        body: { stage: move.stage, reason, ...(until ? { until } : {}) },
      }),
    // The card moves at once; the dialog stays, saying "Saving…", until the server has answered.
    onMutate: async () => {
      const keys = [boardColumnKey(move.from), boardColumnKey(move.stage)];
      await Promise.all(keys.map((queryKey) => queryClient.cancelQueries({ queryKey })));
      const [from, to] = keys.map((key) => queryClient.getQueryData<ColumnPages<Customer>>(key));
      const moved = moveCard(from, to, move.customerId);
      queryClient.setQueryData(keys[0], moved.from);
      queryClient.setQueryData(keys[1], moved.to);
      return { keys, from, to };
    },
    // Refused: the card goes back where it was, and the dialog says why.
    onError: (_error, _vars, saved) => {
      if (!saved) return;
      queryClient.setQueryData(saved.keys[0], saved.from);
      queryClient.setQueryData(saved.keys[1], saved.to);
    },
    onSuccess: async () => {
      await Promise.all(
        [['lifecycle'], ['customers']].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
      );
      onClose();
    },
  });
  // A modal <dialog> keeps the focus inside and closes on Escape.
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const fieldMessages = useFieldMessages();
  const errors = fieldMessages(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const title = t('lifecycle.moveTitle', { name: move.name, stage: move.stageLabel });
  return (
    <dialog ref={dialog} className="dialog" aria-label={title} onClose={onClose}>
      <form onSubmit={submit} noValidate className="form-grid">
        <h2 className="form-wide">{title}</h2>
        <div className="form-wide">
          <Field label={t('lifecycle.reason')} error={errors.reason} hint={t('lifecycle.reasonHint')}>
            <textarea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
          </Field>
        </div>
        <Field label={t('lifecycle.overrideUntil')} error={errors.until}>
          <input type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
        </Field>
        {save.error && Object.keys(errors).length === 0 && (
          <p className="form-error form-wide" role="alert">
            {errorMessage(save.error)}
          </p>
        )}
        <div className="actions form-wide">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? t('common.saving') : t('common.save')}
          </button>
          <button type="button" className="button" onClick={() => dialog.current?.close()}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
