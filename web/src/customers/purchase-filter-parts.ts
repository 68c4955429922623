import type { CustomerSearch } from './customer-search';

export type PurchaseFilterPart =
  | { kind: 'firstPurchase' | 'purchased'; from?: string; to?: string }
  | { kind: 'previousWindow'; purchased: boolean; days: number };

const DAY = 86_400_000;

/**
 * The purchase filters of a list, as the sentences the list shows above it: they come from links (the
 * revenue decomposition's) rather than from fields, so the person sees why the list is narrowed.
 */
export function purchaseFilterParts(search: CustomerSearch): PurchaseFilterPart[] {
  const parts: PurchaseFilterPart[] = [];
  if (search.firstPurchaseFrom || search.firstPurchaseTo)
    parts.push({ kind: 'firstPurchase', from: search.firstPurchaseFrom, to: search.firstPurchaseTo });
  if (search.purchasedFrom || search.purchasedTo)
    parts.push({ kind: 'purchased', from: search.purchasedFrom, to: search.purchasedTo });
  if (search.previousWindow && search.purchasedFrom && search.purchasedTo)
    parts.push({
      kind: 'previousWindow',
      purchased: search.previousWindow === 'purchased',
      days: (Date.parse(search.purchasedTo) - Date.parse(search.purchasedFrom)) / DAY + 1,
    });
  return parts;
}
