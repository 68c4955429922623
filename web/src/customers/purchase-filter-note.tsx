import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { type CustomerSearch, PURCHASE_FILTERS } from './customer-search';
import { type PurchaseFilterPart, purchaseFilterParts } from './purchase-filter-parts';

/**
 * Says which purchase filters narrow the list ("bought 2024-04-01 to 2024-06-29; also bought in the 90
 * days before"), with a button that removes them: they come from the dashboard's links, not from a field.
 */
export function PurchaseFilterNote({ search }: { search: CustomerSearch }) {
  const { t } = useTranslation();
  const navigate = useNavigate({ from: '/customers' });
  const parts = purchaseFilterParts(search);
  if (parts.length === 0) return null;
  const text = (part: PurchaseFilterPart) => {
    if (part.kind === 'previousWindow')
      return t(part.purchased ? 'customers.previousPurchased' : 'customers.previousNotPurchased', {
        days: part.days,
      });
    const range =
      part.from && part.to
        ? t('customers.range', { from: part.from, to: part.to })
        : part.from
          ? t('customers.rangeFrom', { from: part.from })
          : t('customers.rangeTo', { to: part.to ?? '' });
    return t(part.kind === 'purchased' ? 'customers.purchased' : 'customers.firstPurchase', { range });
  };
  const clear = () =>
    void navigate({
      search: (prev) => Object.fromEntries(Object.entries(prev).filter(([key]) => !isPurchaseFilter(key))),
      replace: true,
    });
  return (
    <p className="filter-note">
      <span>{t('customers.purchaseNote', { parts: parts.map(text).join(t('customers.and')) })}</span>
      <button type="button" className="button button-quiet" onClick={clear}>
        {t('customers.clearPurchaseFilters')}
      </button>
    </p>
  );
}

const isPurchaseFilter = (key: string) => (PURCHASE_FILTERS as readonly string[]).includes(key);
