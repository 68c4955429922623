import { sql } from 'kysely';
import { z } from 'zod';
import type { Tx } from '../db/tenant.js';
import { notFound } from '../errors.js';
import { type Phase, stagePhases } from './phases.js';
import { stageEntriesRecorded } from './stage-entry-hooks.js';
import type { StageModel } from './stage-model.js';

/**
 * A stage's playbook: advice for the people who look after its customers, and the actions taken when a
 * customer enters the stage — tasks for the customer's owner, tags added and removed. Actions run once
 * per entry (the entry's row in lifecycle_playbook_runs), whoever records the entry and however often.
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const bilingual = (max: number) => z.strictObject({ en: text(max), 'zh-CN': text(max) });

export const playbookInput = z
  .strictObject({
    advice: bilingual(2000).nullable().default(null),
    tasks: z
      .array(
        z.strictObject({
          /** One text, or one per language (the task takes its assignee's). */
          title: z.union([text(200), bilingual(200)]),
          dueInDays: z.number().int().min(0).max(365),
        }),
      )
      .max(10)
      .default([]),
    addTags: z.array(text(50)).max(10).default([]),
    removeTags: z.array(text(50)).max(10).default([]),
  })
  .superRefine((input, ctx) => {
    input.removeTags.forEach((tag, i) => {
      if (input.addTags.includes(tag))
        ctx.addIssue({ code: 'custom', path: ['removeTags', i], message: `${tag} is also added` });
    });
  });
export type Playbook = z.output<typeof playbookInput>;

const labelsJson = z.object({ en: z.string(), 'zh-CN': z.string() });
export const playbookJson = z.object({
  model: z.string(),
  stage: z.string(),
  labels: labelsJson,
  /** True while the workspace has not written its own: the built-in playbook of the stage's phase. */
  default: z.boolean(),
  advice: labelsJson.nullable(),
  tasks: z.array(z.object({ title: z.union([z.string(), labelsJson]), dueInDays: z.number().int() })),
  addTags: z.array(z.string()),
  removeTags: z.array(z.string()),
});
export type PlaybookJson = z.infer<typeof playbookJson>;
export const playbooksJson = z.object({ data: z.array(playbookJson) });

// Our defaults, one per phase of the relationship lifecycle, so that every preset stage has one.
const DEFAULTS: Record<Phase, Playbook> = {
  exploration: {
    advice: {
      en: 'Invest in getting to know the customer: contact them actively, learn their needs and make a first purchase easy.',
      'zh-CN': '投入精力了解客户：主动沟通，弄清需求，让首次购买变得轻松。',
    },
    tasks: [
      {
        title: { en: "Get in touch and learn the customer's needs", 'zh-CN': '主动联系客户，了解需求' },
        dueInDays: 3,
      },
    ],
    addTags: [],
    removeTags: [],
  },
  formation: {
    advice: {
      en: 'Personalise the offer and show that we are the best supplier; every order builds trust.',
      'zh-CN': '提供个性化的方案，让客户看到我们是最好的供应商；每一次交付都在建立信任。',
    },
    tasks: [
      {
        title: {
          en: "Review the customer's orders and propose a personalised offer",
          'zh-CN': '回顾客户的订单，提出个性化方案',
        },
        dueInDays: 7,
      },
    ],
    addTags: [],
    removeTags: [],
  },
  stability: {
    advice: {
      en: 'Reward loyalty and add value: loyalty benefits, new products first, regular reviews.',
      'zh-CN': '回馈忠诚并创造附加价值：会员权益、新品优先、定期回访。',
    },
    tasks: [
      {
        title: { en: 'Thank the customer and offer a loyalty benefit', 'zh-CN': '感谢客户并提供会员权益' },
        dueInDays: 14,
      },
    ],
    addTags: [],
    removeTags: [],
  },
  decline: {
    advice: {
      en: 'Find out why the customer buys less. Win back valuable customers; let low-value ones go and record why.',
      'zh-CN': '找出客户购买减少的原因。挽回高价值客户；低价值客户可以放手，并记录原因。',
    },
    tasks: [
      {
        title: {
          en: 'Call the customer to find out why they buy less',
          'zh-CN': '致电客户，了解购买减少的原因',
        },
        dueInDays: 2,
      },
    ],
    addTags: [],
    removeTags: [],
  },
  terminated: {
    advice: {
      en: 'Record why the relationship ended, and keep the door open for a later win-back.',
      'zh-CN': '记录关系终止的原因，为日后挽回留有余地。',
    },
    tasks: [{ title: { en: 'Record why the customer left', 'zh-CN': '记录客户流失的原因' }, dueInDays: 7 }],
    addTags: [],
    removeTags: [],
  },
};

const EMPTY: Playbook = { advice: null, tasks: [], addTags: [], removeTags: [] };

/** The built-in playbook of a stage: its phase's, or none for a stage no rule assigns. */
export function defaultPlaybook(model: StageModel, stage: string): Playbook {
  const phase = stagePhases(model).get(stage);
  return phase ? DEFAULTS[phase] : EMPTY;
}

/** Every stage's playbook in the model, the workspace's own where it wrote one. */
export async function modelPlaybooks(tx: Tx, model: StageModel): Promise<Map<string, PlaybookJson>> {
  const rows = await tx
    .selectFrom('lifecycle_playbooks')
    .select(['stage', 'playbook'])
    .where('model', '=', model.key)
    .execute();
  const own = new Map(rows.map((r) => [r.stage, r.playbook as Playbook]));
  return new Map(
    model.stages.map((s) => {
      const playbook = own.get(s.key) ?? defaultPlaybook(model, s.key);
      return [
        s.key,
        { model: model.key, stage: s.key, labels: s.labels, default: !own.has(s.key), ...playbook },
      ];
    }),
  );
}

export async function stagePlaybook(tx: Tx, model: StageModel, stage: string): Promise<PlaybookJson> {
  const playbook = (await modelPlaybooks(tx, model)).get(stage);
  if (!playbook) throw notFound('stage');
  return playbook;
}

export async function savePlaybook(
  tx: Tx,
  workspaceId: string,
  model: StageModel,
  stage: string,
  input: Playbook,
): Promise<PlaybookJson> {
  if (!model.stages.some((s) => s.key === stage)) throw notFound('stage');
  await tx
    .insertInto('lifecycle_playbooks')
    .values({ workspace_id: workspaceId, model: model.key, stage, playbook: JSON.stringify(input) })
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'model', 'stage']).doUpdateSet((eb) => ({
        playbook: JSON.stringify(input),
        version: eb('lifecycle_playbooks.version', '+', 1),
        updated_at: new Date(),
      })),
    )
    .execute();
  return stagePlaybook(tx, model, stage);
}

/** A stage change of a customer, as a whole or in one business line, just recorded. */
export interface StageEntry {
  historyId: string;
  customerId: string;
  /** Null: the customer as a whole; playbooks act on these only. */
  businessLineId: string | null;
  stage: string;
  /** The day of entry (YYYY-MM-DD); task due days count from it. */
  at: string;
}

/**
 * Runs the playbooks of the entries' stages, set-based: claims each entry in lifecycle_playbook_runs
 * (an entry claimed before is skipped), creates the tasks of the claimed ones for each customer's owner
 * (title in the owner's language) and applies their tag changes. The entries also reach the hooks of
 * other domains (stage-entry-hooks.ts). Answers the tasks created.
 */
export async function runPlaybooks(
  tx: Tx,
  workspaceId: string,
  model: StageModel,
  recorded: StageEntry[],
): Promise<number> {
  if (recorded.length === 0) return 0;
  await stageEntriesRecorded(tx, workspaceId, recorded);
  const entries = recorded.filter((e) => e.businessLineId === null);
  if (entries.length === 0) return 0;
  const playbooks = await modelPlaybooks(tx, model);
  const { rows: claimed } = await sql<{ history_id: string }>`
    insert into lifecycle_playbook_runs (workspace_id, history_id)
    select ${workspaceId}, h from unnest(${entries.map((e) => e.historyId)}::bigint[]) as h
    on conflict do nothing
    returning history_id::text`.execute(tx);
  const fresh = new Set(claimed.map((r) => r.history_id));
  const tasks: object[] = [];
  const tags: { c: string; s: string; add: string[]; remove: string[] }[] = [];
  for (const entry of entries) {
    const playbook = playbooks.get(entry.stage);
    if (!playbook || !fresh.has(entry.historyId)) continue;
    playbook.tasks.forEach((task, i) => {
      const titles = typeof task.title === 'string' ? null : task.title;
      tasks.push({
        h: entry.historyId,
        c: entry.customerId,
        i,
        title: titles?.en ?? task.title,
        titles,
        due: task.dueInDays,
        at: entry.at,
      });
    });
    if (playbook.addTags.length || playbook.removeTags.length)
      tags.push({ c: entry.customerId, s: entry.stage, add: playbook.addTags, remove: playbook.removeTags });
  }
  let created = 0;
  if (tasks.length) {
    const result = await sql`
      insert into tasks (workspace_id, customer_id, assignee_id, title, titles, due_on, history_id, action_index)
      select ${workspaceId}, t.c, c.owner_id,
        case when u.locale = 'zh-CN' and t.titles is not null then t.titles ->> 'zh-CN' else t.title end,
        t.titles, t.at + t.due, t.h, t.i
      from json_to_recordset(${JSON.stringify(tasks)}::json)
        as t(h bigint, c uuid, i int, title text, titles jsonb, due int, at date)
      join customers c on c.workspace_id = ${workspaceId} and c.id = t.c
      left join users u on u.id = c.owner_id
      on conflict (workspace_id, customer_id, history_id, action_index) where history_id is not null do nothing`.execute(
      tx,
    );
    created = Number(result.numAffectedRows ?? 0);
  }
  if (tags.length) {
    // Existing tags keep their order, new ones follow; an unchanged customer keeps its version. Each
    // change is audited as the playbook's, with no user behind it.
    await sql`
      with u as (
        select * from json_to_recordset(${JSON.stringify(tags)}::json)
          as u(c uuid, s text, add text[], remove text[])
      ), next as (
        select c.id, u.s as stage, c.tags as before, array(
          select t from unnest(c.tags || u.add) with ordinality as x(t, i)
          where t <> all(u.remove) group by t order by min(i)) as tags
        from customers c join u on u.c = c.id
      ), changed as (
        update customers c set tags = next.tags, version = c.version + 1, updated_at = now()
        from next where next.id = c.id and next.tags is distinct from c.tags
        returning c.id, next.stage, next.before, next.tags
      )
      insert into audit_log (workspace_id, user_id, action, entity, entity_id, before, after)
      select ${workspaceId}, null, 'update', 'customer', id::text, jsonb_build_object('tags', before),
        jsonb_build_object('tags', tags, 'playbook', stage)
      from changed`.execute(tx);
  }
  return created;
}
