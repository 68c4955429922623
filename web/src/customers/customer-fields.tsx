import { useTranslation } from 'react-i18next';
import { CUSTOMER_TYPES } from '../api/types';
import { Field } from '../components/field';
import type { CustomerFormValues, CustomerKind } from './customer-form';

interface FieldsProps {
  values: CustomerFormValues;
  onChange: (values: CustomerFormValues) => void;
  /** Messages by field name (`phones`, `name`…), from the form's own check or the server's answer. */
  errors: Record<string, string>;
  /** Only when creating: whether the customer is a person or an organisation is fixed afterwards. */
  kind?: { value: CustomerKind; onChange: (kind: CustomerKind) => void };
}

/**
 * The fields of a customer, as both the New customer and the edit form show them. The owner is not
 * among them: it changes through the owner card's claim, release and assign.
 */
export function CustomerFields({ values, onChange, errors, kind }: FieldsProps) {
  const { t } = useTranslation();
  const input = (key: Exclude<keyof CustomerFormValues, 'type'>, hint?: string, type = 'text') => (
    <Field label={t(`customer.${key}`)} error={errors[key]} hint={hint}>
      <input
        type={type}
        value={values[key]}
        onChange={(e) => onChange({ ...values, [key]: e.target.value })}
      />
    </Field>
  );
  return (
    <>
      {input('name')}
      {kind && (
        <Field label={t('customerCreate.kind')} error={errors.kind}>
          <select value={kind.value} onChange={(e) => kind.onChange(e.target.value as CustomerKind)}>
            <option value="person">{t('customers.kinds.person')}</option>
            <option value="organisation">{t('customers.kinds.organisation')}</option>
          </select>
        </Field>
      )}
      <Field label={t('customer.type')} error={errors.type}>
        <select
          value={values.type}
          onChange={(e) => onChange({ ...values, type: e.target.value as CustomerFormValues['type'] })}
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
      {input('industry')}
      {input('region')}
      {input('source')}
      {input('tags', t('customer.listHint'))}
      {input('birthday', undefined, 'date')}
    </>
  );
}
