import { CUSTOMER_COLUMNS, type CustomerColumn } from '../api/types';
import type { CustomerSort } from './customer-search';

/** The list as it was before there was a choice: what a user who chose nothing sees. */
export const DEFAULT_COLUMNS: readonly CustomerColumn[] = ['stage', 'value', 'region', 'tags'];

/** The column that shows what a sort orders by, where it is not the name or a date nobody reads. */
const SORTED_COLUMNS: Partial<Record<CustomerSort, CustomerColumn>> = {
  '-clv': 'clv',
  '-churnRisk': 'churnRisk',
  returnsAt: 'daysLeft',
  '-returnsAt': 'daysLeft',
};

/** The sorts a column's header takes turns with, the first on the first click. */
const HEADER_SORTS: Partial<Record<CustomerColumn, readonly CustomerSort[]>> = {
  clv: ['-clv'],
  churnRisk: ['-churnRisk'],
  // The customers nearest their return first: those a rep must call today.
  daysLeft: ['returnsAt', '-returnsAt'],
  createdAt: ['-createdAt', 'createdAt'],
};

/** The list's sort when the address bar names none (customer-search.ts). */
const DEFAULT_SORT: CustomerSort = '-createdAt';

/**
 * The sort a click on a column's header asks for: the column's first sort, or its next one when the
 * list is sorted by the column already. Undefined for a column the list cannot be sorted by.
 */
export function headerSort(
  column: CustomerColumn,
  current: CustomerSort | undefined,
): CustomerSort | undefined {
  const sorts = HEADER_SORTS[column];
  if (!sorts) return undefined;
  return sorts[(sorts.indexOf(current ?? DEFAULT_SORT) + 1) % sorts.length];
}

/** How the list is ordered by a column (its header's aria-sort); undefined when it is not sorted by it. */
export function columnOrder(
  column: CustomerColumn,
  current: CustomerSort | undefined,
): 'ascending' | 'descending' | undefined {
  const sort = current ?? DEFAULT_SORT;
  if (!HEADER_SORTS[column]?.includes(sort)) return undefined;
  return sort.startsWith('-') ? 'descending' : 'ascending';
}

/**
 * The columns to show: the user's choice (the default without one), with the column the list is sorted
 * by put first — a list ordered by churn risk shows the risk, on a phone too, where only the first
 * column beside the name has room.
 */
export function visibleColumns(
  chosen: readonly CustomerColumn[] | undefined,
  sort: CustomerSort | undefined,
): CustomerColumn[] {
  const columns = [...(chosen ?? DEFAULT_COLUMNS)];
  const sorted = sort ? SORTED_COLUMNS[sort] : undefined;
  return sorted ? [sorted, ...columns.filter((c) => c !== sorted)] : columns;
}

/**
 * The choice after ticking a column on or off. A column turned on takes its place in the chooser's
 * order among those chosen, so the table reads the same whatever order they were ticked in.
 */
export function toggleColumn(
  chosen: readonly CustomerColumn[],
  column: CustomerColumn,
  on: boolean,
): CustomerColumn[] {
  if (!on) return chosen.filter((c) => c !== column);
  if (chosen.includes(column)) return [...chosen];
  return CUSTOMER_COLUMNS.filter((c) => c === column || chosen.includes(c));
}
