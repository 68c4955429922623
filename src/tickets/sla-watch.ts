import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Tables } from '../db/tables.js';
import { inWorkspace, type Tx } from '../db/tenant.js';
import { queues } from '../jobs/queues.js';
import type { MailMessage } from '../mail/send-mail.js';
import { findMember, managersOf } from '../members/repository.js';
import { customersChanged } from '../scoring/customers-changed.js';
import { ticketSla } from './repository.js';
import { addEvent } from './service.js';
import { serviceContext } from './settings.js';
import { newSlaAlerts, type SlaAlert } from './sla-alerts.js';

const TIMER_NAMES = {
  first_response: ['first response', '首次响应'],
  next_response: ['next response', '后续响应'],
  resolution: ['resolution', '解决'],
} as const;

function alertMail(
  to: string,
  alert: SlaAlert,
  ticket: { number: number; subject: string },
  link: string,
): MailMessage {
  const [timer, level] = alert.split(':') as [keyof typeof TIMER_NAMES, 'near_breach' | 'breached'];
  const [en, zh] = TIMER_NAMES[timer];
  const what =
    level === 'breached'
      ? [`is past its ${en} target`, `已超过${zh}时限`]
      : [`is close to its ${en} target`, `即将超过${zh}时限`];
  return {
    to,
    subject: `#${ticket.number} ${what[0]} / 工单 #${ticket.number} ${what[1]}`,
    text: [
      `Ticket #${ticket.number} "${ticket.subject}" ${what[0]}.`,
      `工单 #${ticket.number}「${ticket.subject}」${what[1]}。`,
      '',
      link,
    ].join('\n'),
  };
}

/**
 * One workspace's open tickets checked against their targets: each timer's warning (at 80 %) and breach is
 * raised once, on the ticket's timeline and by mail to the assignee; a breach also goes to the assignee's
 * manager, who takes the ticket over where the desk is set to reassign. Rows another sweep holds are
 * skipped, so two servers never raise an alert twice.
 */
async function sweepWorkspace(
  tx: Tx,
  workspaceId: string,
  now: Date,
  publicUrl: string,
): Promise<MailMessage[]> {
  const context = await serviceContext(tx);
  const tickets = await tx
    .selectFrom('tickets')
    .selectAll()
    .where('status', 'not in', ['resolved', 'closed'])
    .where((eb) =>
      eb.or([
        eb('first_response_minutes', 'is not', null),
        eb('next_response_minutes', 'is not', null),
        eb('resolution_minutes', 'is not', null),
      ]),
    )
    .forUpdate()
    .skipLocked()
    .execute();
  const mails: MailMessage[] = [];
  const system = { workspaceId, userId: null };
  const breachedCustomers = new Set<string>();
  for (const ticket of tickets) {
    const state = ticketSla(ticket, context.calendar, now);
    const alerts = newSlaAlerts(state, ticket.sla_alerts);
    if (alerts.length === 0) continue;
    const link = `${publicUrl}/tickets/${ticket.id}`;
    const assignee = ticket.assignee_id ? await findMember(tx, ticket.assignee_id) : undefined;
    let assigneeId = ticket.assignee_id;
    for (const alert of alerts) {
      const breached = alert.endsWith(':breached');
      if (breached) breachedCustomers.add(ticket.customer_id);
      const managers = breached ? await managersOf(tx, ticket.assignee_id) : [];
      await addEvent(tx, system, ticket.id, breached ? 'sla_breach' : 'sla_warning', {
        timer: alert.split(':')[0],
        notified: [ticket.assignee_id, ...managers.map((m) => m.userId)].filter(Boolean),
      });
      if (assignee) mails.push(alertMail(assignee.email, alert, ticket, link));
      for (const manager of managers) mails.push(alertMail(manager.email, alert, ticket, link));
      const takeOver = managers[0]?.userId;
      if (breached && context.settings.escalation.reassign && takeOver && takeOver !== assigneeId) {
        await addEvent(tx, system, ticket.id, 'assigned', {
          from: assigneeId,
          to: takeOver,
          reason: 'escalation',
        });
        assigneeId = takeOver;
      }
    }
    const reassigned = assigneeId !== ticket.assignee_id;
    await tx
      .updateTable('tickets')
      .set((eb) => ({
        sla_alerts: [...ticket.sla_alerts, ...alerts],
        ...(reassigned ? { assignee_id: assigneeId, version: eb('version', '+', 1), updated_at: now } : {}),
      }))
      .where('id', '=', ticket.id)
      .execute();
  }
  // SLA breaches count in the churn risk: their customers are scored again at the next refresh.
  await customersChanged(tx, workspaceId, [...breachedCustomers]);
  // One message per person and alert, even when the assignee is also the manager told.
  return [...new Map(mails.map((m) => [`${m.to}\n${m.subject}`, m])).values()];
}

/** Every workspace's SLA alerts due at `now`; answers the mails to send once the alerts are stored. */
export async function sweepSlas(db: Kysely<Tables>, now: Date, publicUrl: string): Promise<MailMessage[]> {
  const { rows } = await sql<{ id: string }>`select clm_workspaces_with_open_tickets() as id`.execute(db);
  const mails: MailMessage[] = [];
  for (const { id } of rows)
    mails.push(...(await inWorkspace(db, id, (tx) => sweepWorkspace(tx, id, now, publicUrl))));
  return mails;
}

/** The SLA sweep on the job runner, every minute; alert mails go out after their alerts are stored. */
export async function watchSlas(app: FastifyInstance) {
  await app.jobs.work(queues.slaSweep.name, async () => {
    const mails = await sweepSlas(app.db, app.clock(), app.publicUrl);
    for (const mail of mails)
      await app
        .sendMail?.(mail)
        .catch((error: unknown) => app.log.error({ err: error }, 'SLA alert e-mail not sent'));
  });
  await app.jobs.schedule(queues.slaSweep.name, '* * * * *');
}
