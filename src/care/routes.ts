import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inWorkspace } from '../db/tenant.js';
import { AppError } from '../errors.js';
import { actorOf, requireRole } from '../http/authenticate.js';
import { isoDate } from '../http/dates.js';
import { decodeTimeCursor, listJson, toPage } from '../http/list.js';
import { expectedVersion, setEtag } from '../http/preconditions.js';
import { localTime } from '../lifecycle/nightly.js';
import { onStageEntries } from '../lifecycle/stage-entry-hooks.js';
import { recordConsent } from '../privacy/consent.js';
import type { DeliveryDeps } from './deliver.js';
import { deliveryReportInput, readDeliveryToken, recordDeliveryReport } from './delivery-report.js';
import { careCalendar, previewRule, recordStageEntries, workspaceOf } from './evaluate.js';
import { evaluateWorkspaceDay, runCareJobs } from './jobs.js';
import { careMailer, checkSmtpTarget } from './mail.js';
import {
  careSettings,
  checkStages,
  createRule,
  deleteRule,
  findRule,
  listRules,
  listTemplates,
  renewWebhookSecret,
  ruleToJson,
  saveCareSettings,
  saveSmtp,
  settingsToJson,
  updateRule,
} from './rules.js';
import {
  calendarJson,
  careSettingsInput,
  careSettingsJson,
  messageJson,
  messageListQuery,
  previewJson,
  ruleInput,
  ruleJson,
  rulePatch,
  rulePreviewInput,
  smtpInput,
  smtpTestInput,
  templateJson,
  templatePreviewInput,
  templatePreviewJson,
  webhookSecretJson,
} from './schema.js';
import { previewTemplate } from './template-preview.js';
import { readUnsubscribeToken } from './unsubscribe.js';

const params = z.object({ id: z.uuid() });
const tags = ['care'];
const EDITORS = ['owner', 'admin', 'manager'] as const;
// Enough for a screen; a busier calendar is read rule by rule through the preview.
const CALENDAR_LIMIT = 2000;

/** Care rules, their guards and message log, the day's evaluation, and the public unsubscribe link. */
export const careRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps: DeliveryDeps = {
    db: app.db,
    sendMail: app.sendMail,
    publicUrl: app.publicUrl,
    secretKey: app.secretKey,
    now: app.clock,
  };
  onStageEntries(recordStageEntries);
  await runCareJobs(deps, app.jobs);

  app.get(
    '/care/rules',
    { schema: { tags, response: { 200: z.object({ data: z.array(ruleJson) }) } } },
    (request) => request.tx(async (tx) => ({ data: (await listRules(tx)).map(ruleToJson) })),
  );

  app.post(
    '/care/rules',
    { schema: { tags, body: ruleInput, response: { 201: ruleJson } } },
    async (request, reply) => {
      requireRole(request, ...EDITORS);
      const row = await request.tx((tx) => createRule(tx, actorOf(request), request.body));
      setEtag(reply, row.version);
      return reply.status(201).header('Location', `/api/v1/care/rules/${row.id}`).send(ruleToJson(row));
    },
  );

  app.get(
    '/care/rules/:id',
    { schema: { tags, params, response: { 200: ruleJson } } },
    async (request, reply) => {
      const row = await request.tx((tx) => findRule(tx, request.params.id));
      setEtag(reply, row.version);
      return ruleToJson(row);
    },
  );

  app.patch(
    '/care/rules/:id',
    { schema: { tags, params, body: rulePatch, response: { 200: ruleJson } } },
    async (request, reply) => {
      requireRole(request, ...EDITORS);
      const version = expectedVersion(request);
      const row = await request.tx((tx) =>
        updateRule(tx, actorOf(request), request.params.id, version, request.body),
      );
      setEtag(reply, row.version);
      return ruleToJson(row);
    },
  );

  app.delete('/care/rules/:id', { schema: { tags, params } }, async (request, reply) => {
    requireRole(request, ...EDITORS);
    await request.tx((tx) => deleteRule(tx, actorOf(request), request.params.id));
    return reply.status(204).send();
  });

  app.get(
    '/care/rules/:id/preview',
    {
      schema: {
        tags,
        summary: 'Who the rule would reach on a day (today by default), and on which occasion',
        params,
        querystring: z.object({ day: isoDate.optional() }),
        response: { 200: previewJson },
      },
    },
    (request) =>
      request.tx(async (tx) => {
        const workspace = await workspaceOf(tx, request.workspace.id);
        const day = request.query.day ?? localTime(workspace.timezone, app.clock()).day;
        const rule = await findRule(tx, request.params.id);
        return { day, data: await previewRule(tx, workspace, rule, day) };
      }),
  );

  app.post(
    '/care/rules/preview',
    {
      schema: {
        tags,
        summary: 'Who a rule not saved yet (or its edited form, with `id`) would reach on a day',
        body: rulePreviewInput,
        response: { 200: previewJson },
      },
    },
    (request) =>
      request.tx(async (tx) => {
        const { id, day: asked, ...input } = request.body;
        await checkStages(tx, request.workspace.id, input);
        const workspace = await workspaceOf(tx, request.workspace.id);
        const day = asked ?? localTime(workspace.timezone, app.clock()).day;
        const draft = {
          id: id ?? null,
          trigger: input.trigger,
          conditions: input.conditions,
          holdout_percent: input.holdoutPercent,
        };
        return { day, data: await previewRule(tx, workspace, draft, day) };
      }),
  );

  app.get(
    '/care/templates',
    {
      schema: {
        tags,
        summary: "The workspace's message templates: each e-mail, webhook and task action of its rules",
        response: { 200: z.object({ data: z.array(templateJson) }) },
      },
    },
    (request) => request.tx(async (tx) => ({ data: await listTemplates(tx) })),
  );

  app.post(
    '/care/templates/preview',
    {
      schema: {
        tags,
        summary: "An action's templates rendered with a customer's fields, in English and Chinese",
        body: templatePreviewInput,
        response: { 200: templatePreviewJson },
      },
    },
    (request) =>
      request.tx(async (tx) => {
        const workspace = await workspaceOf(tx, request.workspace.id);
        const day = localTime(workspace.timezone, app.clock()).day;
        return previewTemplate(tx, workspace, day, request.body);
      }),
  );

  app.get(
    '/care/calendar',
    {
      schema: {
        tags,
        summary: 'The occurrences of the date rules over the next days, as the customers stand today',
        querystring: z.object({ days: z.coerce.number().int().min(1).max(31).default(30) }),
        response: { 200: calendarJson },
      },
    },
    (request) =>
      request.tx(async (tx) => {
        const workspace = await workspaceOf(tx, request.workspace.id);
        const from = localTime(workspace.timezone, app.clock()).day;
        return { from, data: await careCalendar(tx, workspace, from, request.query.days, CALENDAR_LIMIT) };
      }),
  );

  app.post(
    '/care/evaluations',
    {
      schema: {
        tags,
        summary: "Evaluate today's care rules now (once a day; later calls find the day done)",
        response: { 200: z.object({ day: z.iso.date(), queued: z.number().int().nullable() }) },
      },
    },
    async (request) => {
      requireRole(request, 'owner', 'admin');
      const workspaceId = request.workspace.id;
      const { timezone } = await request.tx((tx) => workspaceOf(tx, workspaceId));
      const day = localTime(timezone, app.clock()).day;
      const queued = await evaluateWorkspaceDay(deps, app.jobs, { workspaceId, day });
      return { day, queued: queued?.length ?? null };
    },
  );

  app.get(
    '/care/messages',
    { schema: { tags, querystring: messageListQuery, response: { 200: listJson(messageJson) } } },
    (request) =>
      request.tx(async (tx) => {
        const q = request.query;
        let query = tx.selectFrom('care_messages').selectAll();
        if (q.ruleId) query = query.where('rule_id', '=', q.ruleId);
        if (q.customerId) query = query.where('customer_id', '=', q.customerId);
        if (q.status) query = query.where('status', '=', q.status);
        if (q.cursor) {
          const [at, id] = decodeTimeCursor(q.cursor);
          query = query.where((eb) =>
            eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]),
          );
        }
        const rows = await query
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(q.limit + 1)
          .execute();
        return toPage(
          rows,
          q.limit,
          (r) => ({
            id: r.id,
            ruleId: r.rule_id,
            customerId: r.customer_id,
            occasion: r.occasion,
            actionIndex: r.action_index,
            channel: r.channel,
            status: r.status,
            reason: r.reason,
            attempts: r.attempts,
            sendAfter: r.send_after?.toISOString() ?? null,
            sentAt: r.sent_at?.toISOString() ?? null,
            deliveredAt: r.delivered_at?.toISOString() ?? null,
            createdAt: r.created_at.toISOString(),
          }),
          (r) => [r.created_at.toISOString(), r.id],
        );
      }),
  );

  app.get(
    '/care/settings',
    { schema: { tags, response: { 200: careSettingsJson } } },
    async (request, reply) => {
      const row = await request.tx((tx) => careSettings(tx, request.workspace.id));
      setEtag(reply, row.version);
      return settingsToJson(row, ['owner', 'admin'].includes(request.workspace.role) ? app.secretKey : null);
    },
  );

  app.put(
    '/care/settings',
    {
      schema: {
        tags,
        summary:
          'The guards: pause, quiet hours, frequency caps, allowed webhook hosts (If-Match: their ETag)',
        body: careSettingsInput,
        response: { 200: careSettingsJson },
      },
    },
    async (request, reply) => {
      requireRole(request, 'owner', 'admin');
      const version = expectedVersion(request);
      const row = await request.tx((tx) => saveCareSettings(tx, actorOf(request), version, request.body));
      setEtag(reply, row.version);
      return settingsToJson(row, app.secretKey);
    },
  );

  app.post(
    '/care/settings/webhook-secret',
    {
      schema: {
        tags,
        summary: 'A new webhook signing key in place of the old one, shown this once',
        response: { 201: webhookSecretJson },
      },
    },
    async (request, reply) => {
      requireRole(request, 'owner', 'admin');
      const webhookSecret = await request.tx((tx) => renewWebhookSecret(tx, actorOf(request), app.secretKey));
      return reply.status(201).send({ webhookSecret });
    },
  );

  app.put(
    '/care/settings/smtp',
    {
      schema: {
        tags,
        summary: "The workspace's own SMTP server for care e-mails",
        body: smtpInput,
        response: { 200: careSettingsJson },
      },
    },
    async (request) => {
      requireRole(request, 'owner', 'admin');
      const row = await request.tx((tx) => saveSmtp(tx, actorOf(request), app.secretKey, request.body));
      return settingsToJson(row, app.secretKey);
    },
  );

  app.delete('/care/settings/smtp', { schema: { tags } }, async (request, reply) => {
    requireRole(request, 'owner', 'admin');
    await request.tx((tx) => saveSmtp(tx, actorOf(request), app.secretKey, null));
    return reply.status(204).send();
  });

  app.post(
    '/care/settings/smtp/test',
    {
      schema: {
        tags,
        summary: 'Sends a test e-mail the way care e-mails go out',
        body: smtpTestInput,
        response: { 200: z.object({ sent: z.literal(true), via: z.enum(['workspace', 'server']) }) },
      },
    },
    async (request) => {
      requireRole(request, 'owner', 'admin');
      const row = await request.tx((tx) => careSettings(tx, request.workspace.id));
      const sendMail = careMailer({ secretKey: app.secretKey, sendMail: app.sendMail }, row);
      if (!sendMail)
        throw new AppError(
          409,
          'no-mail-server',
          'no SMTP server: set one for the workspace or CLM_SMTP_URL',
        );
      try {
        await checkSmtpTarget(row);
        await sendMail({
          to: request.body.to,
          subject: 'CLM test e-mail / CLM 测试邮件',
          text: 'Care e-mails of this workspace go out this way.\n客户关怀邮件将通过此方式发送。\n',
        });
      } catch (error) {
        // The SMTP server's answer is what the admin needs to fix the settings.
        throw new AppError(
          422,
          'mail-failed',
          `the SMTP server did not take the e-mail: ${(error as Error).message}`,
        );
      }
      return {
        sent: true as const,
        via: row.smtp_host === null ? ('server' as const) : ('workspace' as const),
      };
    },
  );

  app.post(
    '/care/delivery',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: "A webhook adapter's report that a message reached the customer, or could not",
        querystring: z.object({ token: z.string().min(1).max(1000) }),
        body: deliveryReportInput,
      },
    },
    async (request, reply) => {
      const target = readDeliveryToken(app.secretKey, request.query.token);
      if (!target) throw invalidDeliveryToken();
      await inWorkspace(app.db, target.workspaceId, (tx) =>
        recordDeliveryReport(tx, target.messageId, request.body, app.clock()),
      );
      return reply.status(204).send();
    },
  );

  const unsubscribeQuery = z.object({ token: z.string().min(1).max(1000) });
  app.get(
    '/care/unsubscribe',
    { config: { auth: 'public' }, schema: { tags, querystring: unsubscribeQuery } },
    async (request, reply) => {
      if (!readUnsubscribeToken(app.secretKey, request.query.token)) throw invalidToken();
      // A page with a button: mail scanners that open links must not withdraw consent by themselves.
      const action = `/api/v1/care/unsubscribe?token=${encodeURIComponent(request.query.token)}`;
      return reply
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><meta charset="utf-8"><title>Unsubscribe</title><form method="post" action="${action}"><p>Stop these messages? 不再接收此类消息？</p><button>Unsubscribe 退订</button></form>`,
        );
    },
  );

  app.post(
    '/care/unsubscribe',
    {
      config: { auth: 'public' },
      schema: { tags, summary: 'One-click unsubscribe (RFC 8058)', querystring: unsubscribeQuery },
    },
    async (request, reply) => {
      const u = readUnsubscribeToken(app.secretKey, request.query.token);
      if (!u) throw invalidToken();
      await inWorkspace(app.db, u.workspaceId, async (tx) => {
        const customer = await tx
          .selectFrom('customers')
          .select('id')
          .where('id', '=', u.customerId)
          .executeTakeFirst();
        if (!customer) return;
        await recordConsent(tx, { workspaceId: u.workspaceId, userId: null }, u.customerId, {
          channel: u.channel,
          granted: false,
          source: 'unsubscribe link',
        });
      });
      return reply.type('text/plain; charset=utf-8').send('You are unsubscribed. 已退订。');
    },
  );
};

const invalidDeliveryToken = () =>
  new AppError(400, 'validation', 'invalid delivery link', [
    { path: 'querystring.token', code: 'invalid', message: 'is not a link this server sent' },
  ]);

const invalidToken = () =>
  new AppError(400, 'validation', 'invalid unsubscribe link', [
    { path: 'querystring.token', code: 'invalid', message: 'is not a link this server sent' },
  ]);
