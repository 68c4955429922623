import { z } from 'zod';
import { isoDate } from '../http/dates.js';
import { pageQuery } from '../http/list.js';

const text = (max: number) => z.string().trim().min(1).max(max);

export const taskInput = z.strictObject({
  customerId: z.uuid().nullable().optional(),
  /** Without it, the task is the creator's. */
  assigneeId: z.uuid().nullable().optional(),
  title: text(200),
  notes: text(2000).nullable().optional(),
  dueOn: isoDate.nullable().optional(),
});
export type TaskInput = z.infer<typeof taskInput>;

export const taskPatch = z.strictObject({
  /** `done` closes the task, `open` reopens it. */
  status: z.enum(['open', 'done']).optional(),
  assigneeId: z.uuid().nullable().optional(),
  title: text(200).optional(),
  notes: text(2000).nullable().optional(),
  dueOn: isoDate.nullable().optional(),
});
export type TaskPatch = z.infer<typeof taskPatch>;

export const taskJson = z.object({
  id: z.uuid(),
  customerId: z.uuid().nullable(),
  assigneeId: z.uuid().nullable(),
  title: z.string(),
  /** A playbook task's title in both languages (`title` is in the assignee's); null for tasks made by hand. */
  titles: z.object({ en: z.string(), 'zh-CN': z.string() }).nullable(),
  notes: z.string().nullable(),
  dueOn: isoDate.nullable(),
  status: z.enum(['open', 'done']),
  doneAt: z.iso.datetime().nullable(),
  /** `playbook`: created when the customer entered `stage`; `manual`: made by a person. */
  source: z.enum(['manual', 'playbook']),
  stage: z.string().nullable(),
  createdBy: z.uuid().nullable(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TaskJson = z.infer<typeof taskJson>;

export const taskListQuery = pageQuery.extend({
  /** A member's id, `me`, or `none` for unassigned tasks. */
  assignee: z.union([z.uuid(), z.enum(['me', 'none'])]).optional(),
  status: z.enum(['open', 'done']).optional(),
  customerId: z.uuid().optional(),
});
export type TaskListQuery = z.infer<typeof taskListQuery>;
