import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';
import { inWorkspace } from '../db/tenant.js';
import { encodeCursor } from '../http/list.js';

// CLVs around the edges of bands (each 1/256 of a natural log wide), the same CLV twice, negative
// CLVs, zero, the largest stored one and none; churn risks around the edges of their tenths.
const edge = (k: number) => Math.exp(k / 256) - 1;
const cents = (x: number) => (Math.round(x * 100) / 100).toFixed(2);
const CLVS = [
  ...[1500, 1957, 1958, 2300].flatMap((k) => [-0.01, 0, 0.01].map((d) => cents(edge(k) + d))),
  cents(edge(1958)),
  '-1000.00',
  '-0.01',
  '0.00',
  '0.00',
  '0.01',
  '9999999999999999.99',
  null,
  null,
];
const RISKS = [0, 0, 0.1, 0.1 - 1e-12, 0.1 + 1e-12, 12.3, 12.3, 12.299999999, 99.95, 100, null, null];

for (const target of databaseTargets) {
  describe(`customer list value sorts on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    const stored: { id: string; clv: string | null; churnRisk: number | null }[] = [];
    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api);
      await inWorkspace(api.database.db, alice.workspaceId, async (tx) => {
        for (let i = 0; i < CLVS.length; i++) {
          const { id } = await tx
            .insertInto('customers')
            .values({ workspace_id: alice.workspaceId, name: `Customer ${i}` })
            .returning('id')
            .executeTakeFirstOrThrow();
          const clv = CLVS[i];
          const churnRisk = RISKS[i % RISKS.length];
          stored.push({ id, clv, churnRisk });
          if (clv === null && churnRisk === null) continue;
          await tx
            .insertInto('customer_values')
            .values({
              workspace_id: alice.workspaceId,
              customer_id: id,
              as_of: '2026-06-30',
              computed_at: new Date(),
              purchase_days: 2,
              days_since_last: 30,
              revenue: '100.00',
              r_score: 3,
              f_score: 2,
              m_score: 3,
              rfm_segment: 'Potential Loyalist',
              cn_class: '一般挽留客户',
              abc_class: 'B',
              clv,
              churn_risk: churnRisk,
              churn_level: churnRisk === null ? null : 'low',
              value_at_risk: '0.00',
              value_at_risk_band: 0,
            })
            .execute();
        }
      });
    });
    after(() => api.close());

    /** Every customer in the exact order of the figure, then id; those without it last, by id. */
    const expected = (key: 'clv' | 'churnRisk', descending: boolean) => {
      const sign = descending ? -1 : 1;
      const byId = (a: string, b: string) => sign * (a < b ? -1 : a > b ? 1 : 0);
      const figure = (c: (typeof stored)[number]) => (c[key] === null ? null : Number(c[key]));
      const valued = stored.filter((c) => figure(c) !== null);
      const without = stored.filter((c) => figure(c) === null);
      valued.sort((a, b) => sign * ((figure(a) as number) - (figure(b) as number)) || byId(a.id, b.id));
      without.sort((a, b) => byId(a.id, b.id));
      return [...valued, ...without].map((c) => c.id);
    };

    test('pages of three list everyone in the exact order of CLV or churn risk, across band edges', async () => {
      for (const sort of ['clv', '-clv', 'churnRisk', '-churnRisk']) {
        const paged: string[] = [];
        let cursor: string | null = null;
        do {
          const res: { status: number; body: { data: { id: string }[]; nextCursor: string | null } } =
            await alice.request({
              method: 'GET',
              url: `/api/v1/customers?sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
            });
          assert.equal(res.status, 200, JSON.stringify(res.body));
          paged.push(...res.body.data.map((c) => c.id));
          cursor = res.body.nextCursor;
        } while (cursor);
        const key = sort.replace('-', '') as 'clv' | 'churnRisk';
        assert.deepEqual(paged, expected(key, sort.startsWith('-')), sort);
      }
    });

    test('a cursor beyond any stored figure is answered, not refused by the database', async () => {
      const id = stored[0].id;
      for (const [sort, value] of [
        ['-clv', '1' + '0'.repeat(40)],
        ['clv', '-' + '9'.repeat(40)],
        ['-churnRisk', 1e300],
        ['churnRisk', -1e300],
      ] as const) {
        const cursor = encodeCursor([value, id]);
        const res = await alice.request({
          method: 'GET',
          url: `/api/v1/customers?sort=${sort}&cursor=${cursor}`,
        });
        assert.equal(res.status, 200, `${sort}: ${JSON.stringify(res.body)}`);
      }
    });
  });
}
