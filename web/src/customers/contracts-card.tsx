import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { Contract } from '../api/types';
import { todayIn, useWorkspace } from '../api/use-workspace';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { FormActions } from '../components/form-actions';
import { formatDay, formatMoney } from '../components/format';
import { Empty, QueryState } from '../components/states';
import { useRecordForm } from '../components/use-record-form';
import { ownershipKey } from '../ownership/use-ownership';
import {
  type ContractFormValues,
  contractBody,
  contractState,
  contractValues,
  emptyContract,
} from './contract-form';

const contractsKey = (customerId: string) => ['contracts', customerId];

// A customer's contracts fit one page in all but extreme cases; the card says when they do not.
const LIMIT = 200;

/** The business lines, as the pool editor reads them, to name a contract's line. */
function useBusinessLines() {
  return useQuery({
    queryKey: ['business-lines'],
    queryFn: ({ signal }) => ok(api.GET('/business-lines', { params: { query: { limit: 200 } }, signal })),
    select: (page) => page.data,
  });
}

/** What the customer signed: when each contract runs, what it is worth; the end of the last one can send the customer back to the pool. */
export function ContractsCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const timeZone = useWorkspace().data?.timezone ?? 'UTC';
  const today = todayIn(timeZone);
  const lines = useBusinessLines();
  const [editing, setEditing] = useState<Contract | 'new' | null>(null);
  const contracts = useQuery({
    queryKey: contractsKey(customerId),
    queryFn: ({ signal }) =>
      ok(
        api.GET('/customers/{id}/contracts', {
          params: { path: { id: customerId }, query: { limit: LIMIT } },
          signal,
        }),
      ),
  });
  const lineName = (id: string | null) => lines.data?.find((l) => l.id === id)?.name;
  return (
    <Card
      title={t('contracts.title')}
      actions={
        editing === null && (
          <button type="button" className="button" onClick={() => setEditing('new')}>
            {t('contracts.add')}
          </button>
        )
      }
    >
      {editing === 'new' && (
        <ContractForm customerId={customerId} today={today} onDone={() => setEditing(null)} />
      )}
      <QueryState query={contracts}>
        {(page) =>
          page.data.length === 0 ? (
            editing !== 'new' && <Empty>{t('contracts.empty')}</Empty>
          ) : (
            <>
              {page.nextCursor && <p className="muted">{t('contracts.latestOnly', { count: LIMIT })}</p>}
              <ul className="contract-list">
                {page.data.map((contract) =>
                  editing !== null && editing !== 'new' && editing.id === contract.id ? (
                    <li key={contract.id}>
                      <ContractForm
                        customerId={customerId}
                        today={today}
                        contract={contract}
                        onDone={() => setEditing(null)}
                      />
                    </li>
                  ) : (
                    <li key={contract.id}>
                      <div className="contract-head">
                        <strong>{contract.title}</strong>
                        <span className={`tag contract-${contractState(contract, today)}`}>
                          {t(`contracts.state.${contractState(contract, today)}`)}
                        </span>
                        {editing === null && (
                          <button
                            type="button"
                            className="button button-small"
                            onClick={() => setEditing(contract)}
                            aria-label={t('contracts.editNamed', { title: contract.title })}
                          >
                            {t('common.edit')}
                          </button>
                        )}
                      </div>
                      <div className="contract-facts">
                        <span>
                          {contract.endsOn
                            ? t('contracts.period', {
                                from: formatDay(contract.startsOn),
                                to: formatDay(contract.endsOn),
                              })
                            : t('contracts.openEnded', { from: formatDay(contract.startsOn) })}
                        </span>
                        <span className="muted">
                          {t('contracts.signed', { date: formatDay(contract.signedOn) })}
                        </span>
                        {contract.amount !== null && (
                          <span>{formatMoney(contract.amount, contract.currency)}</span>
                        )}
                        {lineName(contract.businessLineId) && (
                          <span className="muted">{lineName(contract.businessLineId)}</span>
                        )}
                      </div>
                      {contract.note && <p className="timeline-text">{contract.note}</p>}
                    </li>
                  ),
                )}
              </ul>
            </>
          )
        }
      </QueryState>
    </Card>
  );
}

function ContractForm({
  customerId,
  today,
  contract,
  onDone,
}: {
  customerId: string;
  today: string;
  contract?: Contract;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const currency = useWorkspace().data?.currency ?? 'CNY';
  const lines = useBusinessLines();
  const [values, setValues] = useState<ContractFormValues>(() =>
    contract ? contractValues(contract) : emptyContract(today),
  );
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const { errors, submit, actions } = useRecordForm({
    save: () =>
      contract
        ? api.PATCH('/contracts/{id}', {
            params: { path: { id: contract.id } },
            body: contractBody(values),
            headers: { 'if-match': `"${contract.version}"` },
          })
        : api.POST('/customers/{id}/contracts', {
            params: { path: { id: customerId } },
            body: contractBody(values),
            headers: { 'idempotency-key': idempotencyKey },
          }),
    remove: contract && {
      label: t('contracts.remove'),
      send: () =>
        api.DELETE('/contracts/{id}', {
          params: { path: { id: contract.id } },
          headers: { 'if-match': `"${contract.version}"` },
        }),
    },
    // A contract moves its customer's return clock: the ownership card and the day show the new days left.
    shownIn: [contractsKey(customerId), ownershipKey(customerId), ['my-day']],
    onDone,
  });
  const set = (change: Partial<ContractFormValues>) => setValues({ ...values, ...change });
  const day = (key: 'signedOn' | 'startsOn' | 'endsOn', hint?: string) => (
    <Field label={t(`contracts.${key}`)} error={errors[key]} hint={hint}>
      <input type="date" value={values[key]} onChange={(e) => set({ [key]: e.target.value })} />
    </Field>
  );
  return (
    <form
      className="form-grid"
      onSubmit={submit}
      noValidate
      aria-label={contract ? t('contracts.editNamed', { title: contract.title }) : t('contracts.add')}
    >
      <div className="form-wide">
        <Field label={t('contracts.contractTitle')} error={errors.title}>
          <input value={values.title} onChange={(e) => set({ title: e.target.value })} />
        </Field>
      </div>
      {day('signedOn')}
      {day('startsOn')}
      {day('endsOn', t('contracts.endsOnHint'))}
      <Field label={t('contracts.amount', { currency })} error={errors.amount}>
        <input inputMode="decimal" value={values.amount} onChange={(e) => set({ amount: e.target.value })} />
      </Field>
      {!!lines.data?.length && (
        <Field label={t('contracts.businessLine')} error={errors.businessLineId}>
          <select value={values.businessLineId} onChange={(e) => set({ businessLineId: e.target.value })}>
            <option value="">{t('contracts.noBusinessLine')}</option>
            {lines.data.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      <div className="form-wide">
        <Field label={t('contracts.note')} error={errors.note}>
          <textarea rows={2} value={values.note} onChange={(e) => set({ note: e.target.value })} />
        </Field>
      </div>
      <FormActions {...actions} onCancel={onDone} />
    </form>
  );
}
