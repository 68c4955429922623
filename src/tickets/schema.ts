import { z } from 'zod';
import { pageQuery } from '../http/list.js';

const text = (max: number) => z.string().trim().min(1).max(max);

export const ticketKinds = ['complaint', 'inquiry', 'repair', 'suggestion'] as const;
export const ticketChannels = ['phone', 'email', 'web', 'chat', 'visit', 'other'] as const;
export const priorities = ['low', 'normal', 'high', 'urgent'] as const;
export const ticketStatuses = ['new', 'triaged', 'in_progress', 'waiting', 'resolved', 'closed'] as const;
const categoryCode = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a code such as product_quality');

const minutes = z.number().int().min(1).max(525_600).nullable();
const dayHours = z
  .array(z.tuple([z.number().int().min(0).max(1440), z.number().int().min(0).max(1440)]))
  .max(6)
  .refine(
    (hours) => hours.every(([start, end], i) => start < end && (i === 0 || hours[i - 1]![1] <= start)),
    {
      message: 'each interval must end after it starts and after the one before',
    },
  );
const names = z.strictObject({ en: text(80), 'zh-CN': text(80) });

export const serviceSettings = z.strictObject({
  /** Working hours per ISO weekday (1 = Monday), minutes after local midnight; holidays follow `country`. */
  hours: z.strictObject({
    1: dayHours,
    2: dayHours,
    3: dayHours,
    4: dayHours,
    5: dayHours,
    6: dayHours,
    7: dayHours,
  }),
  /** Whose public holidays close the desk (ISO 3166 alpha-2); China's include its make-up working days. */
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 country such as CN'),
  /** Days after resolution during which the customer's ticket can be reopened. */
  reopenDays: z.number().int().min(0).max(365),
  categories: z.array(z.strictObject({ code: categoryCode, names })).max(100),
  /** What satisfaction surveys ask: NPS after a ticket where enabled; the dimensions of relationship surveys. */
  surveys: z.strictObject({
    nps: z.boolean(),
    dimensions: z
      .array(z.strictObject({ code: categoryCode, names }))
      .min(1)
      .max(20),
    validDays: z.number().int().min(1).max(365),
  }),
  /** On a breach the assignee's manager is told; with `reassign`, the ticket also becomes theirs. */
  escalation: z.strictObject({ reassign: z.boolean() }),
  policies: z
    .array(
      z.strictObject({
        name: text(80),
        priorities: z.array(z.enum(priorities)).min(1).optional(),
        categories: z.array(categoryCode).min(1).optional(),
        tiers: z
          .array(z.enum(['A', 'B', 'C']))
          .min(1)
          .optional(),
        /** Customers whose predicted CLV is at least `min` and below `max`, in the workspace's currency. */
        clvBand: z
          .strictObject({ min: z.number().min(0).optional(), max: z.number().min(0).optional() })
          .refine((band) => band.min !== undefined || band.max !== undefined, 'needs min, max or both')
          .refine((band) => band.min === undefined || band.max === undefined || band.min < band.max, {
            message: 'min must be below max',
            path: ['max'],
          })
          .optional(),
        targets: z.strictObject({
          firstResponseMinutes: minutes,
          /** After each message of the customer, once the first response is given. */
          nextResponseMinutes: minutes.optional(),
          resolutionMinutes: minutes,
        }),
      }),
    )
    .max(50),
});
export type ServiceSettings = z.infer<typeof serviceSettings>;

export const ticketInput = z.strictObject({
  customerId: z.uuid(),
  contactId: z.uuid().nullable().optional(),
  kind: z.enum(ticketKinds),
  channel: z.enum(ticketChannels),
  priority: z.enum(priorities).optional(),
  category: categoryCode.nullable().optional(),
  subject: text(200),
  description: text(10_000).nullable().optional(),
  /** Without it, the ticket waits in the unassigned queue. */
  assigneeId: z.uuid().nullable().optional(),
  /** The business line the ticket is about. */
  businessLineId: z.uuid().nullable().optional(),
  /** The team whose queue the ticket is in, whoever is assigned. */
  teamId: z.uuid().nullable().optional(),
});
export type TicketInput = z.infer<typeof ticketInput>;

export const ticketPatch = z.strictObject({
  status: z.enum(ticketStatuses).optional(),
  priority: z.enum(priorities).optional(),
  category: categoryCode.nullable().optional(),
  assigneeId: z.uuid().nullable().optional(),
  businessLineId: z.uuid().nullable().optional(),
  teamId: z.uuid().nullable().optional(),
  subject: text(200).optional(),
});
export type TicketPatch = z.infer<typeof ticketPatch>;

export const ticketMessage = z.strictObject({
  /**
   * `reply`: said to the customer (answers the first- or next-response target); `note`: internal;
   * `customer_message`: what the customer said (by phone, mail …), which starts the next-response target
   * and ends a wait on the customer.
   */
  kind: z.enum(['reply', 'note', 'customer_message']),
  text: text(10_000),
});
export type TicketMessage = z.infer<typeof ticketMessage>;

/** Gives these tickets to one member, or back to the unassigned queue (null), all or none. */
export const bulkAssignInput = z.strictObject({
  ticketIds: z.array(z.uuid()).min(1).max(200),
  assigneeId: z.uuid().nullable(),
});
export type BulkAssignInput = z.infer<typeof bulkAssignInput>;

const timer = z.object({
  state: z.enum(['none', 'running', 'near_breach', 'breached', 'paused', 'met', 'missed']),
  targetMinutes: z.number().nullable(),
  remainingMinutes: z.number().nullable(),
  dueAt: z.iso.datetime().nullable(),
});

export const ticketJson = z.object({
  id: z.uuid(),
  number: z.number().int(),
  customerId: z.uuid(),
  customerName: z.string(),
  contactId: z.uuid().nullable(),
  kind: z.enum(ticketKinds),
  channel: z.enum(ticketChannels),
  priority: z.enum(priorities),
  category: z.string().nullable(),
  subject: z.string(),
  description: z.string().nullable(),
  status: z.enum(ticketStatuses),
  assigneeId: z.uuid().nullable(),
  businessLineId: z.uuid().nullable(),
  teamId: z.uuid().nullable(),
  createdBy: z.uuid().nullable(),
  /** The SLA policy chosen when the ticket was opened, and its timers now, in working time. */
  sla: z.object({
    policy: z.string().nullable(),
    firstResponse: timer,
    nextResponse: timer,
    resolution: timer,
  }),
  firstResponseAt: z.iso.datetime().nullable(),
  resolvedAt: z.iso.datetime().nullable(),
  closedAt: z.iso.datetime().nullable(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TicketJson = z.infer<typeof ticketJson>;

export const ticketEventJson = z.object({
  id: z.string(),
  kind: z.enum([
    'created',
    'status',
    'assigned',
    'team',
    'business_line',
    'priority',
    'category',
    'note',
    'reply',
    'customer_message',
    'sla_warning',
    'sla_breach',
  ]),
  authorId: z.uuid().nullable(),
  detail: z.record(z.string(), z.unknown()),
  at: z.iso.datetime(),
});

/** A ticket's change on its customer's timeline. */
export const customerTicketEventJson = ticketEventJson.extend({
  ticketId: z.uuid(),
  ticketNumber: z.number().int(),
  ticketSubject: z.string(),
});

export const ticketListQuery = pageQuery.extend({
  /** A member's id, `me`, or `none` for the unassigned queue. */
  assignee: z.union([z.uuid(), z.enum(['me', 'none'])]).optional(),
  status: z.enum([...ticketStatuses, 'open']).optional(),
  kind: z.enum(ticketKinds).optional(),
  priority: z.enum(priorities).optional(),
  customerId: z.uuid().optional(),
  /** `at_risk`: open tickets whose timers have warned or breached (the sweep raises them every minute). */
  sla: z.enum(['at_risk']).optional(),
  /**
   * Tickets of a team: in its queue (the ticket's own team) or assigned to one of its members; `mine`:
   * the caller's team.
   */
  team: z.union([z.uuid(), z.literal('mine')]).optional(),
  /** Tickets about a business line; `none`: about none. */
  businessLine: z.union([z.uuid(), z.literal('none')]).optional(),
  /** A ticket number (`12` or `#12`), words of the subject, or the customer's name. */
  q: z.string().trim().min(1).max(200).optional(),
});
export type TicketListQuery = z.infer<typeof ticketListQuery>;
