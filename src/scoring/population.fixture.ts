import assert from 'node:assert/strict';
import type { Session } from '../../test/support.js';
import { formatDay, parseIsoDay } from '../analytics/civil-days.js';
import { createRandom } from '../analytics/random.js';

export const POPULATION_AS_OF = '2024-07-01';

/**
 * A workspace with enough data for the models (see scoring/workspace-model.ts): 99 customers over two
 * years, each at their own pace and spend until a lifetime of their own ends (exponential, as the
 * models assume: without dropouts no fit converges), and one prospect.
 */
export async function population(
  session: Session,
  { varyingLifetimes = false }: { varyingLifetimes?: boolean } = {},
): Promise<string[]> {
  const random = createRandom(20240701);
  const end = parseIsoDay(POPULATION_AS_OF);
  const ids: string[] = [];
  const transactions: { customerId: string; occurredAt: string; amount: number }[] = [];
  // With the prospect, one page of the list (at most 100).
  for (let k = 0; k < 99; k++) {
    const id = (
      await session.request({ method: 'POST', url: '/api/v1/customers', payload: { name: `Buyer ${k}` } })
    ).body.id as string;
    ids.push(id);
    const gap = 7 + random.uniform() * 80;
    const spend = 20 + 300 * random.uniform() ** 2;
    const start = end - 730 + Math.floor(random.uniform() * 700);
    // Varying: each customer's dropout rate drawn from Gamma(2, 500) (a mean lifetime of 250 days), the
    // heterogeneity Pareto/NBD assumes; otherwise one rate for all, which it can only approach.
    const stop = Math.min(end, start + random.exponential(varyingLifetimes ? random.gamma(2, 500) : 1 / 250));
    // The first purchase always; the lifetime may end before a second.
    for (let day = start; day === start || day <= stop; day += 1 + random.exponential(1 / gap))
      transactions.push({
        customerId: id,
        occurredAt: `${formatDay(Math.floor(day))}T10:00:00+08:00`,
        amount: Math.round(spend * (0.5 + random.uniform())),
      });
  }
  await session.request({ method: 'POST', url: '/api/v1/customers', payload: { name: 'Prospect' } });
  const res = await session.request({
    method: 'POST',
    url: '/api/v1/transactions/bulk',
    payload: { transactions },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const refreshed = await session.request({
    method: 'POST',
    url: '/api/v1/lifecycle/refresh',
    payload: { asOf: POPULATION_AS_OF },
  });
  assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
  return ids;
}
