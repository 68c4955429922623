import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { useErrorMessage, useFieldMessages } from '../components/states';
import { CustomerFields } from './customer-fields';
import {
  assertCustomerForm,
  type CustomerFormValues,
  type CustomerKind,
  emptyFormValues,
  toInput,
} from './customer-form';

/** A new customer: checked here first, then by the server; every field at fault is shown beside it. */
export function CustomerCreateForm({ onCancel }: { onCancel: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const fieldMessages = useFieldMessages();
  const [values, setValues] = useState<CustomerFormValues>(emptyFormValues);
  const [kind, setKind] = useState<CustomerKind>('person');
  const save = useMutation({
    mutationFn: async () => {
      assertCustomerForm(values);
      return ok(api.POST('/customers', { body: toInput(values, kind) }));
    },
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
      await navigate({ to: '/customers/$customerId', params: { customerId: created.id } });
    },
  });
  const errors = fieldMessages(save.error);
  const other = save.error && Object.keys(errors).length === 0 ? errorMessage(save.error) : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form className="form-grid" onSubmit={submit} noValidate aria-label={t('customerCreate.title')}>
      <CustomerFields
        values={values}
        onChange={setValues}
        errors={errors}
        kind={{ value: kind, onChange: setKind }}
      />
      {other && (
        <p className="form-error form-wide" role="alert">
          {other}
        </p>
      )}
      <div className="actions form-wide">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? t('common.saving') : t('customerCreate.submit')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
