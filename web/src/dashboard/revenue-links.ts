import type { RevenueDecomposition } from '../api/types';
import type { CustomerSearch } from '../customers/customer-search';

/** The customers a number of the revenue decomposition counts (`active`: everyone who bought in the period). */
export type RevenueTerm = 'active' | 'new' | 'existing' | 'retained' | 'returning';

/**
 * The customer list's filters that list exactly the customers behind a term of a period's
 * decomposition: the same days, and the same window before the period.
 */
export function revenueTermSearch(
  period: Pick<RevenueDecomposition, 'from' | 'to' | 'previousFrom' | 'previousTo'>,
  term: RevenueTerm,
): CustomerSearch {
  const inPeriod = { purchasedFrom: period.from, purchasedTo: period.to };
  switch (term) {
    case 'active':
      return inPeriod;
    case 'new':
      return { ...inPeriod, firstPurchaseFrom: period.from, firstPurchaseTo: period.to };
    case 'existing':
      return { purchasedFrom: period.previousFrom, purchasedTo: period.previousTo };
    case 'retained':
      return { ...inPeriod, previousWindow: 'purchased' };
    case 'returning':
      return { ...inPeriod, previousWindow: 'notPurchased', firstPurchaseTo: period.previousTo };
  }
}
