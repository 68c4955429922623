import { sql } from 'kysely';
import { inWorkspace } from '../db/tenant.js';
import { queues } from '../jobs/queues.js';
import type { Jobs } from '../jobs/runner.js';
import { localTime } from '../lifecycle/nightly.js';
import { type DeliveryDeps, deliverMessage } from './deliver.js';
import { evaluateDay, processStageEntries } from './evaluate.js';

interface DayJob {
  workspaceId: string;
  day: string;
}
interface MessageJob {
  workspaceId: string;
  messageId: string;
}

/** Sends a delivery job for each message (after the commit that queued them). */
export async function sendDeliveries(
  jobs: Jobs,
  workspaceId: string,
  messageIds: string[],
  startAfter?: Date,
) {
  for (const messageId of messageIds)
    await jobs.send(
      queues.careDeliver.name,
      { workspaceId, messageId },
      { singletonKey: messageId, startAfter },
    );
}

/** The workspaces' local days with an enabled date rule not yet evaluated that day. */
async function dueDays(deps: DeliveryDeps): Promise<DayJob[]> {
  const { rows } = await sql<{ id: string; timezone: string }>`
    select id, timezone from clm_workspace_timezones()`.execute(deps.db);
  const due: DayJob[] = [];
  for (const w of rows) {
    const day = localTime(w.timezone, deps.now()).day;
    const waiting = await inWorkspace(deps.db, w.id, async (tx) =>
      sql`select 1 from care_rules r where r.enabled and r.trigger ->> 'type' <> 'stage-entered'
        and not exists (select 1 from care_runs c where c.day = ${day}::date and c.rule_id = r.id)
        limit 1`.execute(tx),
    );
    if (waiting.rows.length) due.push({ workspaceId: w.id, day });
  }
  return due;
}

/** Stage entries waiting, and deliveries for messages due and left queued, held or half-sent. */
export async function sweepWorkspace(deps: DeliveryDeps, jobs: Jobs, workspaceId: string) {
  const { queued, waiting } = await inWorkspace(deps.db, workspaceId, async (tx) => ({
    queued: await processStageEntries(tx, workspaceId),
    waiting: await tx
      .selectFrom('care_messages')
      .select('id')
      .where('status', 'in', ['queued', 'held', 'sending'])
      .where('send_after', '<=', deps.now())
      .where('updated_at', '<', new Date(deps.now().getTime() - jobs.abandonedAfterSeconds * 1000))
      .execute(),
  }));
  await sendDeliveries(jobs, workspaceId, [...queued, ...waiting.map((w) => w.id)]);
}

/** One workspace's day of care rules in place (the job's work, and the command line's and tests'). */
export async function evaluateWorkspaceDay(deps: DeliveryDeps, jobs: Jobs, { workspaceId, day }: DayJob) {
  const queued = await inWorkspace(deps.db, workspaceId, (tx) => evaluateDay(tx, workspaceId, day));
  if (queued) await sendDeliveries(jobs, workspaceId, queued);
  return queued;
}

/**
 * Care on the job runner: a tick every minute sends the day's evaluation of each workspace whose local
 * day has none yet, and a sweep for each workspace with stage entries or messages waiting; delivery
 * jobs send the messages, retried with backoff, held ones sent again when their hold ends.
 */
export async function runCareJobs(deps: DeliveryDeps, jobs: Jobs) {
  await jobs.work<Record<string, never>>(queues.careTick.name, async () => {
    for (const due of await dueDays(deps))
      await jobs.send(queues.careEvaluate.name, due, { singletonKey: `${due.workspaceId}:${due.day}` });
    const { rows } = await sql<{ workspace_id: string }>`
      select workspace_id from clm_care_waiting_workspaces()`.execute(deps.db);
    for (const { workspace_id } of rows)
      await jobs.send(queues.careSweep.name, { workspaceId: workspace_id }, { singletonKey: workspace_id });
  });
  await jobs.work<DayJob>(queues.careEvaluate.name, async (job) => {
    await evaluateWorkspaceDay(deps, jobs, job.data);
  });
  await jobs.work<{ workspaceId: string }>(queues.careSweep.name, (job) =>
    sweepWorkspace(deps, jobs, job.data.workspaceId),
  );
  // Up to 20 deliveries a poll: one a poll would send a day's birthday e-mails at 30 a minute.
  await jobs.work<MessageJob>(
    queues.careDeliver.name,
    async (job) => {
      const result = await deliverMessage(deps, job.data.workspaceId, job.data.messageId, job);
      if (result) await sendDeliveries(jobs, job.data.workspaceId, [job.data.messageId], result.held);
    },
    { batchSize: 20 },
  );
  await jobs.schedule(queues.careTick.name, '* * * * *');
  // At start too: a server that was down catches up at once.
  if (jobs.running) await jobs.send(queues.careTick.name, {}, { singletonKey: 'start' });
}
