import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { CUSTOMER_TYPES, type Customer } from '../api/types';
import { Field } from '../components/field';
import { useErrorMessage, useFieldMessages } from '../components/states';
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
      return api.request<Customer>('POST', '/customers', { body: toInput(values, kind) });
    },
    onSuccess: async ({ data }) => {
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
      await navigate({ to: '/customers/$customerId', params: { customerId: data.id } });
    },
  });
  const errors = fieldMessages(save.error);
  const other = save.error && Object.keys(errors).length === 0 ? errorMessage(save.error) : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const input = (key: Exclude<keyof CustomerFormValues, 'type'>, hint?: string) => (
    <Field label={t(`customer.${key}`)} error={errors[key]} hint={hint}>
      <input value={values[key]} onChange={(e) => setValues({ ...values, [key]: e.target.value })} />
    </Field>
  );

  return (
    <form className="form-grid" onSubmit={submit} noValidate aria-label={t('customerCreate.title')}>
      {input('name')}
      <Field label={t('customerCreate.kind')} error={errors.kind}>
        <select value={kind} onChange={(e) => setKind(e.target.value as CustomerKind)}>
          <option value="person">{t('customers.kinds.person')}</option>
          <option value="organisation">{t('customers.kinds.organisation')}</option>
        </select>
      </Field>
      <Field label={t('customer.type')} error={errors.type}>
        <select
          value={values.type}
          onChange={(e) => setValues({ ...values, type: e.target.value as CustomerFormValues['type'] })}
        >
          {CUSTOMER_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`customers.types.${type}`)}
            </option>
          ))}
        </select>
      </Field>
      {input('company')}
      {input('phones', t('customer.listHint'))}
      {input('emails', t('customer.listHint'))}
      {input('region')}
      {input('tags', t('customer.listHint'))}
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
