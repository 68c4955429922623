import { type Selectable, sql } from 'kysely';
import { reassignBack, reassignRows } from '../db/reassign.js';
import type { TasksTable } from '../db/tables.js';
import type { Tx } from '../db/tenant.js';
import { badRequest, notFound } from '../errors.js';
import { decodeCursor, toPage } from '../http/list.js';
import type { TaskJson, TaskListQuery } from './schema.js';

type TaskRow = Selectable<TasksTable> & { stage: string | null };

export function taskToJson(row: TaskRow): TaskJson {
  return {
    id: row.id,
    customerId: row.customer_id,
    assigneeId: row.assignee_id,
    title: row.title,
    titles: row.titles,
    notes: row.notes,
    dueOn: row.due_on,
    status: row.status,
    doneAt: row.done_at?.toISOString() ?? null,
    source: row.action_index === null ? 'manual' : 'playbook',
    stage: row.stage,
    createdBy: row.created_by,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Tasks with the stage whose playbook created them. */
const tasks = (tx: Tx) =>
  tx
    .selectFrom('tasks')
    .leftJoin('lifecycle_history as h', (join) =>
      join.onRef('h.workspace_id', '=', 'tasks.workspace_id').onRef('h.id', '=', 'tasks.history_id'),
    )
    .selectAll('tasks')
    .select('h.to_stage as stage');

export async function findTask(tx: Tx, id: string): Promise<TaskRow> {
  const row = await tasks(tx).where('tasks.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('task');
  return row;
}

// Tasks without a due day come after every dated one.
const NO_DUE = '9999-12-31';
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Tasks by due day (soonest first, undated last), filtered by assignee, status and customer. */
export async function listTasks(tx: Tx, query: TaskListQuery, userId: string) {
  let page = tasks(tx);
  if (query.assignee === 'none') page = page.where('tasks.assignee_id', 'is', null);
  else if (query.assignee)
    page = page.where('tasks.assignee_id', '=', query.assignee === 'me' ? userId : query.assignee);
  if (query.status) page = page.where('tasks.status', '=', query.status);
  if (query.customerId) page = page.where('tasks.customer_id', '=', query.customerId);
  const due = sql`coalesce(tasks.due_on, ${NO_DUE}::date)`;
  if (query.cursor) {
    const [after, id] = decodeCursor(query.cursor);
    if (typeof after !== 'string' || !DAY.test(after) || !UUID.test(id))
      throw badRequest('invalid cursor', [
        { path: 'querystring.cursor', message: 'is not a cursor this API returned' },
      ]);
    page = page.where(sql<boolean>`(${due}, tasks.id) > (${after}::date, ${id}::uuid)`);
  }
  const rows = await page
    .orderBy(due)
    .orderBy('tasks.id')
    .limit(query.limit + 1)
    .execute();
  return toPage(rows, query.limit, taskToJson, (row) => [row.due_on ?? NO_DUE, row.id]);
}

/** A merge's move of the tasks about the customers `from` to `to` (see reassignRows). */
export const moveTasks = (tx: Tx, to: string, from: string[]) => reassignRows(tx, 'tasks', to, from);

/** A merge's undo: the tasks it moved go back, those still on the survivor. */
export const moveTasksBack = (tx: Tx, survivorId: string, moved: Record<string, string>) =>
  reassignBack(tx, 'tasks', survivorId, moved);
