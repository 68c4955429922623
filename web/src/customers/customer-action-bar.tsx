import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../api/types';
import { todayIn, useWorkspace } from '../api/use-workspace';
import { formatDate } from '../components/format';
import './customer-page.css';
import { followUpDue } from './follow-up-due';
import { FollowUpForm } from './follow-up-form';
import { displayPhone } from './phone-display';
import { customerKey } from './use-customer';

/**
 * What a rep does first with a customer: call them, log a follow-up, see when the next one is due.
 * On a phone the bar stays at the bottom of the screen, so the page's length never hides it.
 */
export function CustomerActionBar({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const workspace = useWorkspace();
  const [adding, setAdding] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (adding) dialog.current?.showModal();
  }, [adding]);
  const due = workspace.data ? followUpDue(customer.nextFollowUpOn, todayIn(workspace.data.timezone)) : null;
  const phone = customer.phones[0] ? displayPhone(customer.phones[0], workspace.data?.phoneRegion) : null;
  const done = async () => {
    dialog.current?.close();
    // The customer's next follow-up is the newest follow-up's: read again.
    await queryClient.invalidateQueries({ queryKey: customerKey(customer.id) });
  };
  return (
    <section className="customer-actions" aria-label={t('customerActions.label')}>
      {due && customer.nextFollowUpOn && (
        <span className={`follow-up-due due-${due}`}>
          {t(`customerActions.${due}`, { date: formatDate(customer.nextFollowUpOn) })}
        </span>
      )}
      <div className="customer-actions-buttons">
        {phone?.href && (
          <a
            className="button"
            href={phone.href}
            aria-label={t('customerActions.callNamed', { phone: phone.text })}
          >
            {t('customerActions.call')}
          </a>
        )}
        <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
          {t('interactions.add')}
        </button>
      </div>
      {adding && (
        <dialog
          ref={dialog}
          className="dialog"
          aria-label={t('interactions.add')}
          onClose={() => setAdding(false)}
        >
          <h2>{t('interactions.add')}</h2>
          <FollowUpForm customerId={customer.id} onDone={done} />
        </dialog>
      )}
    </section>
  );
}
