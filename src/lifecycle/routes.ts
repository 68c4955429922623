import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import { findCustomer } from '../customers/repository.js';
import { actorOf, requireRole } from '../http/authenticate.js';
import {
  churnReasons,
  lifecycleKpis,
  period,
  shiftDay,
  stageDurations,
  stageFunnel,
  stageTransitions,
} from './analytics.js';
import { endOverride } from './override-end.js';
import { overrideStage, todayIn } from './overrides.js';
import {
  modelPlaybooks,
  playbookInput,
  playbookJson,
  playbooksJson,
  savePlaybook,
  stagePlaybook,
} from './playbooks.js';
import { PRESET_KEYS } from './presets.js';
import { previewInput, previewJson, previewLifecycle } from './preview.js';
import { refreshLifecycle } from './refresh.js';
import { customerLifecycle, lifecycleHistory, stageDistribution, workspaceModel } from './repository.js';
import {
  churnReasonsJson,
  distributionJson,
  distributionQuery,
  durationsJson,
  funnelJson,
  historyJson,
  historyQuery,
  kpisJson,
  lifecycleJson,
  modelsJson,
  overrideInput,
  periodQuery,
  refreshInput,
  refreshJson,
  transitionsJson,
} from './schema.js';
import {
  availableModels,
  choiceOf,
  effectiveModel,
  lifecycleChoiceInput,
  loadSettings,
  saveChoice,
} from './settings.js';

const params = z.object({ id: z.uuid() });
const stageParams = z.object({ stage: z.string().max(40) });
const tags = ['lifecycle'];
const playbookChange = { action: 'settings-change', entity: 'playbook' };
const settingsChange = { action: 'settings-change', entity: 'lifecycle-settings' };

export const lifecycleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/customers/:id/lifecycle',
    { schema: { tags, params, response: { 200: lifecycleJson } } },
    async (request) =>
      request.tx(async (tx) => {
        await findCustomer(tx, request.params.id);
        return customerLifecycle(tx, request.workspace.id, request.params.id);
      }),
  );

  app.get(
    '/customers/:id/lifecycle/history',
    { schema: { tags, params, querystring: historyQuery, response: { 200: historyJson } } },
    async (request) =>
      request.tx(async (tx) => {
        await findCustomer(tx, request.params.id);
        return lifecycleHistory(tx, request.params.id, request.query.businessLineId);
      }),
  );

  app.put(
    '/customers/:id/lifecycle',
    { schema: { tags, params, body: overrideInput, response: { 200: lifecycleJson } } },
    async (request) => {
      const actor = { ...actorOf(request), timezone: request.workspace.timezone };
      return request.tx((tx) => overrideStage(tx, actor, request.params.id, request.body));
    },
  );

  // Back to the stage the rules compute: the one set by hand ends yesterday.
  app.delete(
    '/customers/:id/lifecycle/override',
    { schema: { tags, params, response: { 200: lifecycleJson } } },
    async (request) => {
      const actor = { ...actorOf(request), timezone: request.workspace.timezone };
      return request.tx((tx) => endOverride(tx, actor, request.params.id));
    },
  );

  app.post(
    '/lifecycle/refresh',
    { schema: { tags, body: refreshInput, response: { 200: refreshJson } } },
    async (request) => {
      requireRole(request, 'owner', 'admin', 'manager');
      return request.tx((tx) => refreshLifecycle(tx, request.workspace.id, request.body.asOf));
    },
  );

  app.get(
    '/lifecycle/distribution',
    { schema: { tags, querystring: distributionQuery, response: { 200: distributionJson } } },
    async (request) => request.tx((tx) => stageDistribution(tx, request.workspace.id, request.query.asOf)),
  );

  app.get(
    '/lifecycle/transitions',
    { schema: { tags, querystring: periodQuery, response: { 200: transitionsJson } } },
    async (request) => {
      // Without dates: the last 90 days.
      const { from, to } = period(request.query, request.workspace.timezone, (day) =>
        shiftDay(day, { days: -90 }),
      );
      return request.tx((tx) => stageTransitions(tx, request.workspace.id, from, to));
    },
  );

  app.get(
    '/lifecycle/churn-reasons',
    { schema: { tags, querystring: periodQuery, response: { 200: churnReasonsJson } } },
    async (request) => {
      // Without dates: the twelve months up to today.
      const { from, to } = period(request.query, request.workspace.timezone, (day) =>
        shiftDay(day, { months: -11 }),
      );
      return request.tx((tx) => churnReasons(tx, from, to));
    },
  );

  app.get('/lifecycle/durations', { schema: { tags, response: { 200: durationsJson } } }, async (request) =>
    request.tx((tx) => stageDurations(tx, request.workspace.id)),
  );

  app.get('/lifecycle/funnel', { schema: { tags, response: { 200: funnelJson } } }, async (request) =>
    request.tx((tx) => stageFunnel(tx, request.workspace.id)),
  );

  app.get(
    '/lifecycle/kpis',
    { schema: { tags, querystring: periodQuery, response: { 200: kpisJson } } },
    async (request) => {
      // Without dates: the twelve months up to today.
      const { from, to } = period(request.query, request.workspace.timezone, (day) =>
        shiftDay(day, { months: -11 }),
      );
      return request.tx((tx) => lifecycleKpis(tx, request.workspace.id, from, to));
    },
  );

  app.get('/lifecycle/playbooks', { schema: { tags, response: { 200: playbooksJson } } }, async (request) =>
    request.tx(async (tx) => {
      const model = await workspaceModel(tx, request.workspace.id);
      return { data: [...(await modelPlaybooks(tx, model)).values()] };
    }),
  );

  app.get(
    '/lifecycle/playbooks/:stage',
    { schema: { tags, params: stageParams, response: { 200: playbookJson } } },
    async (request) =>
      request.tx(async (tx) =>
        stagePlaybook(tx, await workspaceModel(tx, request.workspace.id), request.params.stage),
      ),
  );

  app.put(
    '/lifecycle/playbooks/:stage',
    { schema: { tags, params: stageParams, body: playbookInput, response: { 200: playbookJson } } },
    async (request) => {
      requireRole(request, 'owner', 'admin', 'manager');
      return request.tx(async (tx) => {
        const model = await workspaceModel(tx, request.workspace.id);
        const saved = await savePlaybook(tx, request.workspace.id, model, request.params.stage, request.body);
        await recordAudit(tx, actorOf(request), {
          ...playbookChange,
          entityId: `${saved.model}/${saved.stage}`,
          after: saved,
        });
        return saved;
      });
    },
  );

  app.get('/lifecycle/models', { schema: { tags, response: { 200: modelsJson } } }, async (request) =>
    request.tx(async (tx) => modelsOf(choiceOf(await loadSettings(tx, request.workspace.id)))),
  );

  app.patch(
    '/lifecycle/settings',
    { schema: { tags, body: lifecycleChoiceInput, response: { 200: modelsJson } } },
    async (request) => {
      requireRole(request, 'owner', 'admin');
      return request.tx(async (tx) => {
        const choice = await saveChoice(tx, request.workspace.id, request.body);
        await recordAudit(tx, actorOf(request), {
          ...settingsChange,
          entityId: request.workspace.id,
          after: choice,
        });
        return modelsOf(choice);
      });
    },
  );

  // What a settings change would do before it is saved: read-only, so it is a POST only for its body.
  app.post(
    '/lifecycle/preview',
    { schema: { tags, body: previewInput, response: { 200: previewJson } } },
    async (request) => {
      requireRole(request, 'owner', 'admin');
      const { asOf = todayIn(request.workspace.timezone), ...change } = request.body;
      return request.tx((tx) => previewLifecycle(tx, request.workspace, change, asOf));
    },
  );
};

function modelsOf(choice: ReturnType<typeof choiceOf>) {
  return {
    current: choice.model,
    effective: effectiveModel(choice),
    data: availableModels(choice).map((model) => ({
      preset: (PRESET_KEYS as readonly string[]).includes(model.key),
      model,
    })),
  };
}
