import assert from 'node:assert/strict';
import type { Session } from '../../test/support.js';
import { parseIsoDay } from '../analytics/civil-days.js';
import type { TransactionColumns } from '../analytics/summaries.js';

/**
 * A small workspace with chosen histories, as-of 2024-12-31: steady, lapsed, one-off, returning,
 * returns netted against purchases, a first purchase on the as-of day, and a prospect with none.
 */
export const AS_OF = '2024-12-31';

export const HISTORIES: Record<string, [string, number][]> = {
  monthly: ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m, i) => [
    `2024-${m}-05`,
    [60, 240, 110, 30, 180, 90][i % 6],
  ]),
  lapsed: [
    ['2024-01-10', 200],
    ['2024-03-10', 40],
    ['2024-05-10', 260],
  ],
  lapsedEarly: [
    ['2023-02-01', 50],
    ['2023-02-20', 90],
    ['2023-03-15', 150],
    ['2023-04-02', 120],
  ],
  burst: [
    ['2023-05-01', 300],
    ['2023-05-09', 50],
    ['2023-05-30', 220],
  ],
  oneOff: [['2024-11-20', 500]],
  longGone: [['2023-01-15', 80]],
  returning: [
    ['2023-06-01', 90],
    ['2023-09-01', 140],
    ['2024-02-01', 75],
    ['2024-06-01', 130],
    ['2024-10-01', 60],
  ],
  recentRun: [
    ['2024-10-02', 40],
    ['2024-10-20', 140],
    ['2024-11-08', 90],
    ['2024-11-27', 150],
    ['2024-12-15', 100],
  ],
  pair: [
    ['2024-07-01', 30],
    ['2024-07-20', 180],
  ],
  withReturn: [
    ['2024-04-01', 300],
    ['2024-04-05', -100],
    ['2024-08-15', 150],
  ],
  quarterly: [
    ['2024-02-01', 400],
    ['2024-05-01', 90],
    ['2024-08-01', 260],
    ['2024-11-01', 130],
  ],
  newToday: [['2024-12-31', 75]],
  twoYears: [
    ['2023-03-01', 60],
    ['2023-08-01', 130],
    ['2024-01-01', 90],
    ['2024-09-01', 110],
  ],
  faded: [
    ['2023-07-10', 120],
    ['2023-08-01', 60],
    ['2023-08-20', 150],
    ['2023-09-05', 90],
    ['2023-10-01', 110],
  ],
  prospect: [],
};

/** Creates the customers and their transactions through the API; answers their ids by name. */
export async function createSampleCustomers(
  session: Session,
  ownerId?: string,
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const name of Object.keys(HISTORIES)) {
    const payload = { name, ...(ownerId && name !== 'monthly' ? { ownerId } : {}) };
    const created = await session.request({ method: 'POST', url: '/api/v1/customers', payload });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    ids[name] = created.body.id;
  }
  const transactions = Object.entries(HISTORIES).flatMap(([name, sales]) =>
    sales.map(([day, amount]) => ({ customerId: ids[name], occurredAt: `${day}T10:00:00+08:00`, amount })),
  );
  const res = await session.request({
    method: 'POST',
    url: '/api/v1/transactions/bulk',
    payload: { transactions },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return ids;
}

/** The same histories as engine input, customers numbered in the order of `names`. */
export function sampleColumns(names: string[]): TransactionColumns {
  const rows = names.flatMap((name, k) =>
    HISTORIES[name].map(([day, amount]) => [k, parseIsoDay(day), amount]),
  );
  return {
    customer: Int32Array.from(rows, (r) => r[0]),
    time: Float64Array.from(rows, (r) => r[1]),
    amount: Float64Array.from(rows, (r) => r[2]),
    customers: names.length,
    timeUnit: 'days',
  };
}
