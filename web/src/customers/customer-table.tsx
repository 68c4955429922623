import { Link } from '@tanstack/react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../api/types';
import { formatDate } from '../components/format';

const ROW_HEIGHT = 52;

interface CustomerTableProps {
  customers: Customer[];
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
}

/**
 * Only the rows in view are in the DOM, so a list of 100,000 scrolls like one of 50: two spacer rows
 * stand for the rows above and below. Nearing the end of what is loaded asks for the next page.
 */
export function CustomerTable({ customers, hasMore, loadingMore, loadMore }: CustomerTableProps) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: customers.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  const above = items[0]?.start ?? 0;
  const below = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= customers.length - 20) loadMore();
  }, [hasMore, loadingMore, lastIndex, customers.length, loadMore]);

  return (
    <div ref={scroller} className="table-scroll">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('customers.columns.name')}</th>
            <th scope="col" className="wide-only">
              {t('customers.columns.type')}
            </th>
            <th scope="col">{t('customers.columns.region')}</th>
            <th scope="col" className="wide-only">
              {t('customers.columns.tags')}
            </th>
            <th scope="col" className="wide-only">
              {t('customers.columns.created')}
            </th>
          </tr>
        </thead>
        <tbody>
          {above > 0 && <tr className="spacer" style={{ height: above }} />}
          {items.map((item) => (
            <CustomerRow key={customers[item.index].id} customer={customers[item.index]} />
          ))}
          {below > 0 && <tr className="spacer" style={{ height: below }} />}
        </tbody>
      </table>
      {loadingMore && <p className="muted table-more">{t('common.loading')}</p>}
    </div>
  );
}

function CustomerRow({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  return (
    <tr style={{ height: ROW_HEIGHT }}>
      <td className="cell-name">
        <Link to="/customers/$customerId" params={{ customerId: customer.id }}>
          {customer.name}
        </Link>
        {customer.company && <small className="muted">{customer.company}</small>}
      </td>
      <td className="wide-only">{t(`customers.types.${customer.type}`)}</td>
      <td>{customer.region ?? t('common.none')}</td>
      <td className="wide-only">
        {customer.tags.map((tag) => (
          <span key={tag} className="tag">
            {tag}
          </span>
        ))}
      </td>
      <td className="wide-only">{formatDate(customer.createdAt)}</td>
    </tr>
  );
}
