/** Purchase metrics of one customer (businessLineId null) or of one customer in one line, at day D (see purchaseRowsOf). */
export interface PurchaseRow {
  customerId: string;
  businessLineId: string | null;
  n: number;
  first: number | null;
  last: number | null;
  rhythm: number | null;
  rev: number;
  prev: number;
  windowChange: number | null;
  nextPurchase: number | null;
}

/** What the rules need from outside the transactions, per customer. */
export interface SignalRow {
  customerId: string;
  hasOwner: boolean;
  lastInteraction: number | null;
  nextInteraction: number | null;
  /** The first day of the longest-open complaint open at the end of the day; null: none is open. */
  complaintSince: number | null;
  /** The satisfaction the latest answer lost against the one before (0: none lost). */
  satisfactionDrop: number;
  /** The first later day a complaint opens or closes, or an answer comes or ages out. */
  nextServiceChange: number | null;
}
