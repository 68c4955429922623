import { Link } from '@tanstack/react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer, CustomerColumn, Stage } from '../api/types';
import { companyLine } from './company-line';
import { COLUMN_CLASSES, useCustomerCells } from './customer-cells';
import { columnOrder, headerSort } from './customer-columns';
import type { CustomerSort } from './customer-search';

const ROW_HEIGHT = 52;

/** On a phone only the first column beside the name has room; numbers align right. */
const columnClass = (column: CustomerColumn, index: number) =>
  [index === 0 ? '' : 'wide-only', COLUMN_CLASSES[column] ?? ''].join(' ').trim() || undefined;

interface CustomerTableProps {
  customers: Customer[];
  stages: Stage[] | undefined;
  /** The columns beside the name, in order (customer-columns.ts). */
  columns: CustomerColumn[];
  sort: CustomerSort | undefined;
  /** A click on a sortable column's header. */
  onSort: (sort: CustomerSort) => void;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  selected: Set<string>;
  onSelect: (ids: string[], on: boolean) => void;
}

/**
 * Only the rows in view are in the DOM, so a list of 100,000 scrolls like one of 50: two spacer rows
 * stand for the rows above and below. Nearing the end of what is loaded asks for the next page.
 */
export function CustomerTable({
  customers,
  stages,
  columns,
  sort,
  onSort,
  hasMore,
  loadingMore,
  loadMore,
  selected,
  onSelect,
}: CustomerTableProps) {
  const { t } = useTranslation();
  const cells = useCustomerCells(stages);
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
  const allSelected = customers.length > 0 && customers.every((c) => selected.has(c.id));

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= customers.length - 20) loadMore();
  }, [hasMore, loadingMore, lastIndex, customers.length, loadMore]);

  return (
    <div ref={scroller} className="table-scroll">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col" className="cell-check">
              <input
                type="checkbox"
                aria-label={t('customers.selectAll')}
                checked={allSelected}
                onChange={(e) =>
                  onSelect(
                    customers.map((c) => c.id),
                    e.target.checked,
                  )
                }
              />
            </th>
            <th scope="col" className="col-name">
              {t('customers.columns.name')}
            </th>
            {columns.map((column, i) => {
              const next = headerSort(column, sort);
              const label = t(`customers.columns.${column}`);
              return (
                <th
                  key={column}
                  scope="col"
                  className={columnClass(column, i)}
                  aria-sort={columnOrder(column, sort)}
                >
                  {next ? (
                    <button
                      type="button"
                      className="th-sort"
                      title={t('customers.sortBy', { column: label })}
                      onClick={() => onSort(next)}
                    >
                      {label}
                    </button>
                  ) : (
                    label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {above > 0 && <tr className="spacer" style={{ height: above }} />}
          {items.map((item) => {
            const customer = customers[item.index];
            return (
              <CustomerRow
                key={customer.id}
                customer={customer}
                columns={columns}
                cells={cells}
                checked={selected.has(customer.id)}
                onCheck={(on) => onSelect([customer.id], on)}
              />
            );
          })}
          {below > 0 && <tr className="spacer" style={{ height: below }} />}
        </tbody>
      </table>
      {loadingMore && <p className="muted table-more">{t('common.loading')}</p>}
    </div>
  );
}

function CustomerRow({
  customer,
  columns,
  cells,
  checked,
  onCheck,
}: {
  customer: Customer;
  columns: CustomerColumn[];
  cells: ReturnType<typeof useCustomerCells>;
  checked: boolean;
  onCheck: (on: boolean) => void;
}) {
  const { t } = useTranslation();
  const company = companyLine(customer);
  return (
    <tr style={{ height: ROW_HEIGHT }} className={checked ? 'row-selected' : undefined}>
      <td className="cell-check">
        <input
          type="checkbox"
          aria-label={t('customers.select', { name: customer.name })}
          checked={checked}
          onChange={(e) => onCheck(e.target.checked)}
        />
      </td>
      <td className="cell-name">
        <Link to="/customers/$customerId" params={{ customerId: customer.id }}>
          {customer.name}
        </Link>
        {company && <small className="muted">{company}</small>}
      </td>
      {columns.map((column, i) => (
        <td key={column} className={columnClass(column, i)}>
          {cells[column](customer)}
        </td>
      ))}
    </tr>
  );
}
