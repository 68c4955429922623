import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseIsoDay } from '../analytics/civil-days.js';
import { normaliseEmail, normalisePhone } from '../customers/normalise.js';
import { DEMO_PROFILES, type DemoData, type DemoProfile, type DemoTransaction } from './demo-data.js';
import { generateDemoData, monthsBefore } from './generate-demo-data.js';

const TODAY = '2026-11-25';
const today = parseIsoDay(TODAY);
const data = generateDemoData({ seed: 1, today: TODAY });

/** The Shanghai calendar day of an instant, as the workspace (Asia/Shanghai) counts days. */
const dayOf = (iso: string) => Math.floor((Date.parse(iso) + 8 * 3_600_000) / 86_400_000);
const cents = (amount: string) => Math.round(Number(amount) * 100);

interface Facts {
  days: number[];
  lines: Map<string, number[]>;
  spend(from: number, to: number): number;
  count(from: number, to: number): number;
}

function factsOf(rows: DemoTransaction[]): Facts {
  const days = [...new Set(rows.map((t) => dayOf(t.occurredAt)))].sort((a, b) => a - b);
  const lines = new Map<string, number[]>();
  for (const t of rows)
    lines.set(t.businessLineId, [...(lines.get(t.businessLineId) ?? []), dayOf(t.occurredAt)]);
  const within = (from: number, to: number) =>
    rows.filter((t) => dayOf(t.occurredAt) >= from && dayOf(t.occurredAt) < to);
  return {
    days,
    lines,
    spend: (from, to) => within(from, to).reduce((s, t) => s + cents(t.amount), 0),
    count: (from, to) => new Set(within(from, to).map((t) => dayOf(t.occurredAt))).size,
  };
}

// Map.groupBy arrived in Node 21; the project supports Node 20.
function groupByCustomer<T extends { customerId: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(row.customerId);
    if (list) list.push(row);
    else out.set(row.customerId, [row]);
  }
  return out;
}

function byProfile(d: DemoData) {
  const tx = groupByCustomer(d.transactions);
  const notes = groupByCustomer(d.interactions);
  const out = new Map<DemoProfile, { id: string; facts: Facts; interactions: number }[]>();
  for (const c of d.customers) {
    const list = out.get(c.custom.demoProfile) ?? [];
    list.push({ id: c.id, facts: factsOf(tx.get(c.id) ?? []), interactions: notes.get(c.id)?.length ?? 0 });
    out.set(c.custom.demoProfile, list);
  }
  return out;
}

const profiles = byProfile(data);
const HALF_YEAR = 182;
const recent = [today - HALF_YEAR, today] as const;
const previous = [today - 2 * HALF_YEAR, today - HALF_YEAR] as const;

describe('generateDemoData', () => {
  test('the same seed and today give identical rows; another seed gives other rows', () => {
    const a = generateDemoData({ seed: 7, today: TODAY, customers: 300 });
    assert.deepEqual(generateDemoData({ seed: 7, today: TODAY, customers: 300 }), a);
    const b = generateDemoData({ seed: 8, today: TODAY, customers: 300 });
    assert.notDeepEqual(b.customers, a.customers);
    assert.notDeepEqual(b.transactions, a.transactions);
  });

  test('a workspace-sized data set: 2,400 customers, over 20,000 orders over 26 months ending yesterday', () => {
    assert.equal(data.customers.length, 2400);
    assert.ok(data.transactions.length >= 20_000, `${data.transactions.length} transactions`);
    const days = data.transactions.map((t) => dayOf(t.occurredAt));
    const [first, last] = [Math.min(...days), Math.max(...days)];
    assert.ok(first >= monthsBefore(today, 26), 'nothing before the 26-month window');
    assert.ok(today - first >= 730, 'at least two years of history');
    assert.ok(last < today && last >= today - 3, 'the history reaches up to today');
  });

  test('every behaviour profile is present with a sizeable group', () => {
    for (const p of DEMO_PROFILES) assert.ok((profiles.get(p)?.length ?? 0) >= 200, p);
  });

  test('prospects have follow-ups but no purchase', () => {
    for (const c of profiles.get('prospect')!) {
      assert.equal(c.facts.days.length, 0);
      assert.ok(c.interactions >= 1);
    }
  });

  test('one-time buyers bought on exactly one day', () => {
    for (const c of profiles.get('one-time')!) assert.equal(c.facts.days.length, 1);
  });

  test('loyal customers buy steadily over the whole period: never a gap over 70 days', () => {
    const start = monthsBefore(today, 26);
    for (const c of profiles.get('loyal')!) {
      const days = [...c.facts.days, today];
      assert.ok(days[0] - start <= 70, 'active from the start');
      for (let i = 1; i < days.length; i++)
        assert.ok(days[i] - days[i - 1] <= 70, `gap ${days[i] - days[i - 1]}`);
    }
  });

  test('growing customers are newer and buy more often and for more in the last half-year', () => {
    for (const { facts } of profiles.get('growing')!) {
      assert.ok(facts.days[0] >= today - 430, 'a relationship of at most 14 months');
      assert.ok(facts.count(...recent) > facts.count(...previous));
      assert.ok(facts.spend(...recent) > facts.spend(...previous));
    }
  });

  test('newcomers came back within their first half-year, and bought in the last eight weeks', () => {
    for (const { facts } of profiles.get('newcomer')!) {
      assert.ok(facts.days[0] >= today - 170 && facts.days[0] <= today - 45, 'a relationship under 180 days');
      assert.ok(facts.days.length >= 2, 'a repeat purchase');
      assert.ok(facts.days[facts.days.length - 1] >= today - 56, 'not overdue');
    }
  });

  test('over a third of one-time buyers bought in the last 100 days, still being explored', () => {
    const buyers = profiles.get('one-time')!;
    const recent = buyers.filter((c) => c.facts.days[0] >= today - 100).length;
    assert.ok(
      recent >= 0.33 * buyers.length && recent <= 0.55 * buyers.length,
      `${recent} of ${buyers.length}`,
    );
  });

  test('declining customers still buy, but less often and for under 60 % of the half-year before', () => {
    for (const { facts } of profiles.get('declining')!) {
      assert.ok(facts.days[0] <= today - 365, 'an established customer');
      assert.ok(facts.count(...recent) >= 1);
      assert.ok(facts.count(...recent) < facts.count(...previous));
      assert.ok(facts.spend(...recent) < 0.6 * facts.spend(...previous));
    }
  });

  test('long-gone customers bought repeatedly, the last time more than 365 days ago', () => {
    for (const { facts } of profiles.get('long-gone')!) {
      assert.ok(facts.days.length >= 2);
      assert.ok(today - facts.days[facts.days.length - 1] > 365);
    }
  });

  test('cross-sell customers: loyal in one line for over a year, a second line started in the last 150 days', () => {
    for (const { facts } of profiles.get('cross-sell')!) {
      assert.equal(facts.lines.size, 2);
      const [older, newer] = [...facts.lines.values()].map((d) => Math.min(...d)).sort((a, b) => a - b);
      assert.ok(older <= today - 365);
      assert.ok(newer >= today - 150);
    }
  });

  test('phones are valid E.164 as the customer service stores them, and no two customers share one', () => {
    const phones = [...data.customers, ...data.contacts].flatMap((c) => c.phones);
    for (const p of phones) assert.equal(normalisePhone(p, 'CN'), p);
    assert.equal(new Set(phones).size, phones.length);
    const prefixes = new Set(phones.map((p) => /^\+(1|44|65|852|61|49|81|60|86)/.exec(p)?.[1]));
    for (const cc of ['86', '1', '44', '65']) assert.ok(prefixes.has(cc), `+${cc} present`);
  });

  test('e-mails are stored normalised and only on reserved example domains', () => {
    const emails = [...data.customers, ...data.contacts].flatMap((c) => c.emails);
    assert.ok(emails.length > 1000);
    for (const e of emails) {
      assert.equal(normaliseEmail(e), e);
      assert.match(e, /^[a-z0-9.+]+@([a-z0-9-]+\.)*example\.(com|net|org)$/);
    }
  });

  test('names are Chinese for most customers and English for some', () => {
    const people = data.customers.filter((c) => c.kind === 'person');
    const chinese = people.filter((c) => /^[\u4e00-\u9fff]{2,4}$/.test(c.name)).length;
    const english = people.filter((c) => /^[A-Z][a-z]+( [A-Z][a-z]+)? [A-Z]/.test(c.name)).length;
    assert.ok(chinese > people.length * 0.7 && english > people.length * 0.08, `${chinese} / ${english}`);
    assert.ok(people.every((c) => c.custom.language === (/^[\u4e00-\u9fff]/.test(c.name) ? 'zh-CN' : 'en')));
  });

  test('amounts and margins are decimal strings with two decimals; margins stay below amounts', () => {
    for (const t of data.transactions) {
      assert.match(t.amount, /^\d+\.\d{2}$/);
      assert.match(t.margin, /^\d+\.\d{2}$/);
      assert.ok(cents(t.margin) < cents(t.amount) && cents(t.amount) > 0);
    }
    const usd = data.transactions.filter((t) => t.currency === 'USD').length;
    assert.ok(usd > 0 && usd < data.transactions.length * 0.2, 'CNY mostly, USD for some');
    assert.equal(new Set(data.transactions.map((t) => t.externalId)).size, data.transactions.length);
  });

  test('Double 11 and 618 sell more per day than the weeks before them', () => {
    const perDay = (from: string, to: string) => {
      const [a, b] = [parseIsoDay(from), parseIsoDay(to)];
      return (
        data.transactions.filter((t) => dayOf(t.occurredAt) >= a && dayOf(t.occurredAt) <= b).length /
        (b - a + 1)
      );
    };
    assert.ok(perDay('2025-10-31', '2025-11-11') > 1.5 * perDay('2025-09-15', '2025-10-14'));
    assert.ok(perDay('2026-06-01', '2026-06-18') > 1.5 * perDay('2026-04-15', '2026-05-15'));
  });

  test('organisations of every business type have one to three contacts, one of them primary', () => {
    const orgs = data.customers.filter((c) => c.kind === 'organisation');
    assert.deepEqual(new Set(orgs.map((o) => o.type)), new Set(['distributor', 'public', 'internal']));
    const contacts = groupByCustomer(data.contacts);
    for (const o of orgs) {
      const list = contacts.get(o.id) ?? [];
      assert.ok(list.length >= 1 && list.length <= 3);
      assert.equal(list.filter((c) => c.isPrimary).length, 1);
    }
    assert.equal(data.contacts.length, [...contacts.values()].flat().length);
  });

  test('follow-ups use every channel, lie in the past and some ask for a follow-up still to come', () => {
    const channels = new Set(data.interactions.map((i) => i.channel));
    for (const c of ['phone', 'wechat', 'email', 'visit', 'meeting'] as const) assert.ok(channels.has(c), c);
    assert.ok(data.interactions.every((i) => dayOf(i.occurredAt) < today));
    assert.ok(data.interactions.some((i) => i.nextFollowUpOn !== null && i.nextFollowUpOn > TODAY));
    assert.ok(data.interactions.some((i) => /[\u4e00-\u9fff]/.test(i.summary)));
    assert.ok(data.interactions.some((i) => /^[A-Z][a-z]/.test(i.summary)));
  });

  test('business lines carry bilingual names and every customer record predates its first order', () => {
    assert.ok(data.businessLines.length >= 4);
    for (const l of data.businessLines) assert.match(l.name, /^[A-Z][A-Za-z &]+ [\u4e00-\u9fff]+$/);
    const created = new Map(data.customers.map((c) => [c.id, Date.parse(c.createdAt)]));
    for (const t of data.transactions) assert.ok(created.get(t.customerId)! < Date.parse(t.occurredAt));
  });

  test('for any seed and date: orders lie in the 26 months before today, in whole cents', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.date({ min: new Date('2021-01-01'), max: new Date('2034-12-31'), noInvalidDate: true }),
        (seed, date) => {
          const day = date.toISOString().slice(0, 10);
          const d = generateDemoData({ seed, today: day, customers: 40 });
          const t = parseIsoDay(day);
          for (const row of d.transactions) {
            const at = dayOf(row.occurredAt);
            assert.ok(at < t && at >= monthsBefore(t, 26));
            assert.match(row.amount, /^\d+\.\d{2}$/);
          }
          assert.deepEqual(new Set(d.customers.map((c) => c.custom.demoProfile)), new Set(DEMO_PROFILES));
        },
      ),
      { numRuns: 25 },
    );
  });
});
