import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type MailInbox, startMailInbox } from '../../test/mail-inbox.js';
import {
  addMember,
  databaseTargets,
  type Session,
  signUp,
  startApi,
  type TestApi,
  uniqueEmail,
} from '../../test/support.js';

const tokenOf = (link: string) => new URL(link).searchParams.get('token') ?? '';
const linkIn = (text: string) => /https?:\/\/\S+/.exec(text)?.[0] ?? '';

for (const target of databaseTargets) {
  describe(`satisfaction surveys on ${target.name}`, () => {
    let api: TestApi;
    let inbox: MailInbox;
    let alice: Session;
    let customerId: string;
    let email: string;
    before(async () => {
      inbox = await startMailInbox();
      api = await startApi(target.url, { mail: inbox.settings });
      alice = await signUp(api, 'Surveys');
      email = uniqueEmail('customer');
      customerId = (
        await alice.request({
          method: 'POST',
          url: '/api/v1/customers',
          payload: { name: 'Chen Jie', emails: [email] },
        })
      ).body.id;
    });
    after(async () => {
      await api.close();
      await inbox.close();
    });

    // The public page's calls carry no credentials.
    const asStranger = (url: string, payload: object) => api.app.inject({ method: 'POST', url, payload });

    async function resolvedTicket() {
      const { body: ticket } = await alice.request({
        method: 'POST',
        url: '/api/v1/tickets',
        payload: { customerId, kind: 'complaint', channel: 'email', subject: 'Late delivery' },
      });
      const resolved = await alice.request({
        method: 'PATCH',
        url: `/api/v1/tickets/${ticket.id}`,
        payload: { status: 'resolved' },
        headers: { 'if-match': `"${ticket.version}"` },
      });
      assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
      return ticket.id as string;
    }

    test('resolving a ticket mails the survey; the customer answers once, without signing in', async () => {
      const ticketId = await resolvedTicket();
      const mail = await inbox.next(email);
      const token = tokenOf(linkIn(mail.text));
      const view = await asStranger('/api/v1/surveys/lookup', { token });
      assert.equal(view.statusCode, 200, view.body);
      assert.deepEqual(
        { ...(view.json() as object), expiresAt: undefined },
        {
          kind: 'ticket',
          // The workspace's region is China: the survey speaks Chinese unless asked otherwise.
          locale: 'zh-CN',
          workspaceName: 'Surveys',
          ticketSubject: 'Late delivery',
          nps: false,
          dimensions: [],
          answered: false,
          expiresAt: undefined,
        },
      );
      const unasked = await asStranger('/api/v1/surveys/answer', { token, nps: 9 });
      assert.equal(unasked.statusCode, 400);
      assert.deepEqual(
        unasked.json().errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`),
        ['body.csat:required', 'body.nps:unknown_field'],
      );
      assert.equal(
        (await asStranger('/api/v1/surveys/answer', { token, csat: 4, comment: 'Fine' })).statusCode,
        204,
      );
      const again = await asStranger('/api/v1/surveys/answer', { token, csat: 1 });
      assert.equal(again.statusCode, 410);
      const history = await alice.request({ method: 'GET', url: `/api/v1/customers/${customerId}/surveys` });
      const answered = history.body.data.find((s: { ticketId: string }) => s.ticketId === ticketId);
      assert.equal(answered.csat, 4);
      assert.equal(answered.comment, 'Fine');
      // Asking again after an answer is refused rather than overwriting it.
      const reissue = await alice.request({
        method: 'POST',
        url: `/api/v1/tickets/${ticketId}/survey`,
        payload: {},
      });
      assert.equal(reissue.status, 409);
    });

    test('a forged or unknown link is a 404, and a ticket still open gets no survey', async () => {
      assert.equal((await asStranger('/api/v1/surveys/lookup', { token: 'x'.repeat(43) })).statusCode, 404);
      const { body: open } = await alice.request({
        method: 'POST',
        url: '/api/v1/tickets',
        payload: { customerId, kind: 'inquiry', channel: 'phone', subject: 'Opening hours' },
      });
      const early = await alice.request({
        method: 'POST',
        url: `/api/v1/tickets/${open.id}/survey`,
        payload: {},
      });
      assert.equal(early.status, 409);
    });

    test('a relationship survey asks each dimension’s expectation and perception and reports C = b / a', async () => {
      const issued = await alice.request({
        method: 'POST',
        url: `/api/v1/customers/${customerId}/surveys`,
        payload: { locale: 'zh-CN' },
      });
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      assert.equal(issued.body.sent, true);
      const mail = await inbox.next(email);
      assert.match(mail.subject, /想听听您的意见/);
      const token = tokenOf(linkIn(mail.text));
      const view = (await asStranger('/api/v1/surveys/lookup', { token })).json();
      assert.deepEqual(
        view.dimensions.map((d: { code: string }) => d.code),
        ['product_quality', 'delivery', 'service', 'price'],
      );
      const partial = await asStranger('/api/v1/surveys/answer', {
        token,
        ratings: [{ code: 'delivery', expectation: 6, perception: 3 }],
      });
      assert.equal(partial.statusCode, 400);
      assert.deepEqual(
        partial.json().errors.map((e: { path: string }) => e.path),
        ['body.ratings.0', 'body.ratings.2', 'body.ratings.3'],
      );
      const ratings = [
        { code: 'product_quality', expectation: 5, perception: 5 },
        { code: 'delivery', expectation: 6, perception: 3 },
        { code: 'service', expectation: 4, perception: 5 },
        { code: 'price', expectation: 4, perception: 4 },
      ];
      assert.equal((await asStranger('/api/v1/surveys/answer', { token, ratings })).statusCode, 204);
      const history = await alice.request({ method: 'GET', url: `/api/v1/customers/${customerId}/surveys` });
      const relationship = history.body.data.find((s: { kind: string }) => s.kind === 'relationship');
      // C: 1, 0.5, 1.25, 1 — overall their mean, 0.9375.
      assert.deepEqual(relationship.satisfaction, {
        byDimension: { product_quality: 1, delivery: 0.5, service: 1.25, price: 1 },
        overall: 0.9375,
      });

      const day = new Date().toISOString().slice(0, 10);
      const next = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
      const report = await alice.request({
        method: 'GET',
        url: `/api/v1/analytics/satisfaction?by=month&from=${day}&to=${next}`,
      });
      assert.equal(report.status, 200, JSON.stringify(report.body));
      const [month] = report.body.groups;
      assert.equal(month.csat.average, 4);
      assert.equal(month.satisfaction.responses, 1);
      assert.equal(month.satisfaction.overall, 0.9375);
      // By value segment: the customer has no ABC class before a refresh, so one group without a key.
      const bySegment = await alice.request({
        method: 'GET',
        url: `/api/v1/analytics/satisfaction?by=abcClass&from=${day}&to=${next}`,
      });
      assert.equal(bySegment.status, 200, JSON.stringify(bySegment.body));
      assert.deepEqual(
        bySegment.body.groups.map((g: { key: string | null }) => g.key),
        [null],
      );
    });

    test('satisfaction by owner and by team: the surveyed ticket’s team, else the owner’s, each named', async () => {
      const head = await signUp(api, 'Teams and owners');
      const seller = await addMember(api, head, 'rep', inbox);
      const team = async (name: string) =>
        (await head.request({ method: 'POST', url: '/api/v1/teams', payload: { name } })).body.id as string;
      const desk = await team('Front desk');
      const sales = await team('Sales');
      await head.request({
        method: 'PATCH',
        url: `/api/v1/members/${seller.userId}`,
        payload: { teamId: sales },
      });
      const address = uniqueEmail('owned');
      const owned = (
        await head.request({
          method: 'POST',
          url: '/api/v1/customers',
          payload: { name: 'Sun Hui', emails: [address], ownerId: seller.userId },
        })
      ).body.id;
      const answered = async (csat: number, teamId?: string) => {
        const { body: ticket } = await head.request({
          method: 'POST',
          url: '/api/v1/tickets',
          payload: { customerId: owned, kind: 'inquiry', channel: 'phone', subject: 'Manual', teamId },
        });
        await head.request({
          method: 'PATCH',
          url: `/api/v1/tickets/${ticket.id}`,
          payload: { status: 'resolved' },
          headers: { 'if-match': `"${ticket.version}"` },
        });
        const token = tokenOf(linkIn((await inbox.next(address)).text));
        assert.equal((await asStranger('/api/v1/surveys/answer', { token, csat })).statusCode, 204);
      };
      await answered(5, desk);
      await answered(2);
      await answered(3);
      const from = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const to = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
      const groups = async (by: string) => {
        const res = await head.request({
          method: 'GET',
          url: `/api/v1/analytics/satisfaction?by=${by}&from=${from}&to=${to}`,
        });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return res.body.groups.map(
          (g: { key: string; name: string; csat: { responses: number; average: number } }) => [
            g.key,
            g.name,
            g.csat.responses,
            g.csat.average,
          ],
        );
      };
      assert.deepEqual(await groups('owner'), [[seller.userId, 'A rep', 3, 10 / 3]]);
      assert.deepEqual(
        (await groups('team')).sort((a: string[], b: string[]) => a[1].localeCompare(b[1])),
        [
          [desk, 'Front desk', 1, 5],
          [sales, 'Sales', 2, 2.5],
        ],
      );
      assert.ok((await groups('month')).every((g: unknown[]) => g[1] === null));
    });
  });
}
