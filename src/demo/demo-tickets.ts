import type { Kysely } from 'kysely';
import type { Actor } from '../customers/service.js';
import type { Tables } from '../db/tables.js';
import { inWorkspace } from '../db/tenant.js';
import { offerSurvey } from '../surveys/offer.js';
import { answerSurvey, withSurvey } from '../surveys/surveys.js';
import type { TicketInput } from '../tickets/schema.js';
import { addTicketMessage, createTicket, updateTicket } from '../tickets/service.js';
import { serviceContext } from '../tickets/settings.js';
import { CHINA_REP_SLOTS, MANAGER_SLOT } from './demo-staff.js';
import { createDemoRng, streamSeed } from './rng.js';

type Template = Pick<TicketInput, 'kind' | 'channel' | 'priority' | 'category' | 'subject' | 'description'>;

const TEMPLATES: readonly Template[] = [
  {
    kind: 'complaint',
    channel: 'phone',
    priority: 'high',
    category: 'product_quality',
    subject: '冰箱冷藏室不制冷 Fridge not cooling',
    description: '购买三周后冷藏室温度升到 12 度，食物变质。',
  },
  {
    kind: 'complaint',
    channel: 'web',
    priority: 'normal',
    category: 'delivery',
    subject: '洗衣机送货延误 Washing machine delivered late',
    description: '约定周六送货，实际周二才到，客户请了两次假。',
  },
  {
    kind: 'complaint',
    channel: 'chat',
    priority: 'urgent',
    category: 'product_quality',
    subject: '热水器漏水 Water heater leaking',
  },
  {
    kind: 'complaint',
    channel: 'phone',
    priority: 'normal',
    category: 'service_attitude',
    subject: '安装师傅态度差 Rude installer',
  },
  {
    kind: 'complaint',
    channel: 'email',
    priority: 'low',
    category: 'billing',
    subject: '发票抬头错误 Wrong company name on the invoice',
  },
  {
    kind: 'complaint',
    channel: 'web',
    priority: 'normal',
    category: 'price',
    subject: '购买一周后降价，要求补差价 Price dropped a week after purchase',
  },
  {
    kind: 'inquiry',
    channel: 'chat',
    priority: 'low',
    category: 'other',
    subject: '空调以旧换新怎么参加 How does the air-conditioner trade-in work?',
  },
  {
    kind: 'inquiry',
    channel: 'phone',
    priority: 'normal',
    category: 'delivery',
    subject: '能否改送货地址 Can the delivery address change?',
  },
  {
    kind: 'inquiry',
    channel: 'email',
    priority: 'low',
    category: 'billing',
    subject: '申请增值税专用发票 Requesting a VAT special invoice',
  },
  {
    kind: 'repair',
    channel: 'phone',
    priority: 'high',
    category: 'product_quality',
    subject: '油烟机异响，预约上门维修 Range hood noise, home repair',
  },
  {
    kind: 'repair',
    channel: 'visit',
    priority: 'normal',
    category: 'product_quality',
    subject: '电视屏幕出现竖线 Vertical lines on the TV screen',
  },
  {
    kind: 'suggestion',
    channel: 'web',
    priority: 'low',
    category: 'other',
    subject: '希望增加晚间送货时段 Please offer evening delivery slots',
  },
];

const REPLIES = [
  '您好，已收到您的反馈，我们马上安排处理。',
  '师傅已预约明天上午上门，请保持电话畅通。',
  '已为您申请补偿，三个工作日内到账。',
];

/** What becomes of each demo ticket: most settled with an answered survey, some still open or overdue. */
type Fate = 'surveyed' | 'closed' | 'working' | 'late' | 'waiting' | 'customer_wrote' | 'unassigned';
const FATES: readonly (readonly [Fate, number])[] = [
  ['surveyed', 12],
  ['closed', 4],
  ['working', 5],
  ['late', 4],
  ['waiting', 3],
  ['customer_wrote', 2],
  ['unassigned', 3],
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface DemoTicketOptions {
  seed: number;
  /** `YYYY-MM-DD` in Shanghai: tickets are opened in the 60 days before it. */
  today: string;
  count?: number;
  /** When the tickets' history ends; nothing is dated after it. */
  now?: Date;
}

/**
 * Gives the demo a service desk with a history: complaints, inquiries, repairs and suggestions of real
 * customers over the last two months, replied to and resolved by the sales team (a few late), some with
 * an answered satisfaction survey, others still open, waiting, overdue or unassigned. Everything goes
 * through the tickets and surveys domains, dated in the past.
 */
export async function addDemoTickets(
  db: Kysely<Tables>,
  workspaceId: string,
  staffIds: readonly string[],
  options: DemoTicketOptions,
): Promise<number> {
  const rng = createDemoRng(streamSeed(options.seed, 0x7469636b));
  const count = options.count ?? 33;
  const now = options.now ?? new Date();
  // Shanghai midnight of `today`, never after now: the history ends where the clock is.
  const end = Math.min(new Date(`${options.today}T00:00:00+08:00`).getTime() + DAY, now.getTime());
  const tokens: { token: string; csat: number; comment: string | null }[] = [];
  await inWorkspace(db, workspaceId, async (tx) => {
    const workspace = await tx.selectFrom('workspaces').select('phone_region').executeTakeFirstOrThrow();
    const actorOf = (slot: number): Actor => ({
      workspaceId,
      userId: staffIds[slot]!,
      role: slot === MANAGER_SLOT ? 'manager' : 'rep',
      phoneRegion: workspace.phone_region,
    });
    const manager = actorOf(MANAGER_SLOT);
    const context = await serviceContext(tx);
    // Buyers, the most valuable first: those are the customers who call.
    const customers = await tx
      .selectFrom('customers')
      .innerJoin('customer_stats as s', (join) =>
        join
          .onRef('s.workspace_id', '=', 'customers.workspace_id')
          .onRef('s.customer_id', '=', 'customers.id'),
      )
      .select('customers.id')
      .where('customers.deleted_at', 'is', null)
      .orderBy('s.revenue', 'desc')
      .orderBy('customers.id')
      .limit(count * 4)
      .execute();
    if (customers.length === 0) return;
    for (let i = 0; i < count; i++) {
      const fate = rng.weighted(FATES);
      const template = rng.pick(TEMPLATES);
      // Repeat complainers: a few customers come back.
      const customerId = customers[i % 5 === 4 ? rng.int(0, 3) : rng.int(0, customers.length - 1)]!.id;
      const slot = rng.pick(CHINA_REP_SLOTS);
      const agent = actorOf(slot);
      const recent = fate === 'late' || fate === 'unassigned' || fate === 'customer_wrote';
      const ageDays = recent
        ? rng.int(1, 4)
        : fate === 'working' || fate === 'waiting'
          ? rng.int(0, 6)
          : rng.int(7, 60);
      // During office hours in Shanghai (01:00–09:00 UTC).
      const opened = new Date(end - ageDays * DAY - DAY + rng.int(1 * 60, 8 * 60) * 60_000);
      const at = (hours: number) =>
        new Date(Math.min(opened.getTime() + hours * HOUR, now.getTime() - 60_000));
      let row = await createTicket(
        tx,
        manager,
        context,
        { ...template, customerId, assigneeId: fate === 'unassigned' ? null : agent.userId },
        opened,
      );
      if (fate === 'unassigned' || fate === 'late') continue;
      // Most are answered within the hour; some only the next day.
      row = await addTicketMessage(
        tx,
        agent,
        context,
        row.id,
        { kind: 'reply', text: rng.pick(REPLIES) },
        at(rng.chance(0.8) ? rng.real(0.2, 1) : rng.real(20, 30)),
      );
      const move = async (status: 'in_progress' | 'waiting' | 'resolved' | 'closed', hours: number) => {
        row = (await updateTicket(tx, agent, context, row.id, row.version, { status }, at(hours))).row;
      };
      await move('in_progress', 1.5);
      if (fate === 'working') continue;
      if (fate === 'waiting' || fate === 'customer_wrote') {
        await move('waiting', 2);
        if (fate === 'customer_wrote')
          row = await addTicketMessage(
            tx,
            agent,
            context,
            row.id,
            { kind: 'customer_message', text: '请问什么时候能修好？' },
            at(rng.real(20, 26)),
          );
        continue;
      }
      await move('resolved', rng.chance(0.75) ? rng.real(3, 30) : rng.real(60, 120));
      if (fate === 'closed') {
        await move('closed', 24 * 8);
        continue;
      }
      const survey = await offerSurvey(tx, agent, {
        kind: 'ticket',
        customerId,
        ticketId: row.id,
        locale: 'zh-CN',
      });
      const csat = rng.weighted([
        [5, 5],
        [4, 4],
        [3, 2],
        [2, 1],
        [1, 1],
      ] as const);
      tokens.push({ token: survey.token, csat, comment: csat <= 2 ? '处理太慢了。' : null });
    }
  });
  for (const { token, csat, comment } of tokens)
    await withSurvey(db, token, (tx, row) =>
      answerSurvey(tx, row, { token, csat, comment: comment ?? undefined }),
    );
  return count;
}
