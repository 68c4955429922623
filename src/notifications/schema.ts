import { z } from 'zod';

export const notificationKind = z.enum(['return-warning', 'assignment', 'churn-warning']);

export const notificationJson = z.object({
  id: z.uuid(),
  kind: notificationKind,
  customerId: z.uuid().nullable(),
  /** The customer's name, while the reader may see the customer; null otherwise. */
  customerName: z.string().nullable(),
  /**
   * What the message says, for each language to word. `return-warning`: `returnsAt`, `pool`, `ownerId`
   * (the reader's own customer, or a team member's). `assignment`: `change` (`assign`, `transfer`,
   * `merge`), `byUserId`, `fromUserId`, `reason` (the words of who gave it; null for a merge).
   * `churn-warning`: `level` and `previousLevel` (a rise in churn risk), or `stage` (entering decline).
   */
  params: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime(),
  readAt: z.iso.datetime().nullable(),
});
export type NotificationJson = z.infer<typeof notificationJson>;

export const inboxJson = z.object({
  data: z.array(notificationJson),
  /** Unread messages in all of the inbox, not only this page. */
  unread: z.number().int(),
});

export const inboxQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const markReadInput = z.strictObject({
  /** The messages to mark read; all of the reader's when absent. */
  ids: z.array(z.uuid()).min(1).max(500).optional(),
});
