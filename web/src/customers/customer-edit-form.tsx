import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { withEtag } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { api } from '../api/client';
import type { Customer } from '../api/types';
import { FormActions } from '../components/form-actions';
import { useErrorMessage, useFieldMessages } from '../components/states';
import { CustomerFields } from './customer-fields';
import { assertCustomerForm, type CustomerFormValues, toFormValues, toPatch } from './customer-form';
import { customerKey } from './use-customer';

interface EditProps {
  customer: Customer;
  etag: string | null;
  onDone: () => void;
}

type Save = { base: Customer; ifMatch: string | null };

export function CustomerEditForm({ customer, etag, onDone }: EditProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [values, setValues] = useState<CustomerFormValues>(() => toFormValues(customer));
  const [base, setBase] = useState({ customer, etag });
  const save = useMutation({
    mutationFn: ({ base, ifMatch }: Save) => {
      assertCustomerForm(values);
      return withEtag(
        api.PATCH('/customers/{id}', {
          params: { path: { id: customer.id } },
          body: toPatch(values, base),
          headers: { 'if-match': ifMatch ?? undefined },
        }),
      );
    },
    onSuccess: (response) => {
      queryClient.setQueryData(customerKey(customer.id), response);
      onDone();
    },
  });

  const fresh = async () => {
    const response = await withEtag(api.GET('/customers/{id}', { params: { path: { id: customer.id } } }));
    queryClient.setQueryData(customerKey(customer.id), response);
    return response;
  };
  // Their version replaces the form: what they saved is what the user now sees and edits.
  const reload = async () => {
    const response = await fresh();
    setBase({ customer: response.data, etag: response.etag });
    setValues(toFormValues(response.data));
    save.reset();
  };
  // Every field of the form is written over their version, with the tag of what was just read.
  const overwrite = async () => {
    const response = await fresh();
    setBase({ customer: response.data, etag: response.etag });
    save.mutate({ base: response.data, ifMatch: response.etag });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ base: base.customer, ifMatch: base.etag });
  };
  const fieldMessages = useFieldMessages();
  const errors = fieldMessages(save.error);
  const conflict = save.error instanceof ApiError && save.error.status === 412;
  const other = save.error && !conflict && Object.keys(errors).length === 0 ? errorMessage(save.error) : null;

  return (
    <form className="form-grid" onSubmit={submit} noValidate aria-label={t('common.edit')}>
      <CustomerFields values={values} onChange={setValues} errors={errors} />
      {conflict && (
        <div className="notice notice-warning form-wide" role="alert">
          <strong>{t('customer.conflictTitle')}</strong>
          <p>{t('customer.conflictText')}</p>
          <div className="actions">
            <button type="button" className="button" onClick={reload}>
              {t('customer.reload')}
            </button>
            <button type="button" className="button button-danger" onClick={overwrite}>
              {t('customer.overwrite')}
            </button>
          </div>
        </div>
      )}
      <FormActions failure={other} pending={save.isPending} onCancel={onDone} />
    </form>
  );
}
