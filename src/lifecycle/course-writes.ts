import { sql } from 'kysely';
import { formatDay } from '../analytics/civil-days.js';
import type { Tx } from '../db/tenant.js';
import { pipelinedChunks, recordLine, textRecords } from '../db/text-records.js';
import type { OverrideEnd } from './assess.js';
import { type CustomerAssessments, type StoredTransition, storedHistory } from './assess-customers.js';
import { courseDigests } from './course-digest.js';
import type { StageEntry } from './playbooks.js';
import type { Course, Replay, Transition } from './replay.js';
import { currentStages, type StoredStage } from './store.js';

// Customers per statement: a million first placements in one parameter are a quarter of a
// gigabyte of text, which PostgreSQL would hold twice (the text, and the records materialised for
// the statements that read them).
const CHUNK = 50_000;

const CURRENT_COLUMNS = [
  ['c', 'uuid'],
  ['l', 'uuid'],
  ['s', 'text'],
  ['since', 'date'],
  ['cause', 'jsonb'],
  ['nc', 'date'],
  ['first', 'boolean'],
  ['hc', 'int'],
  ['hd', 'text'],
] as const;

const HISTORY_COLUMNS = [
  ['i', 'int'],
  ['c', 'uuid'],
  ['l', 'uuid'],
  ['f', 'text'],
  ['s', 'text'],
  ['at', 'date'],
  ['cause', 'jsonb'],
] as const;

export interface CourseWriteOptions {
  /**
   * Answer the entries playbooks and care rules act on: changes of a customer as a whole, or of one
   * of their business lines, to a new current stage, dated on or after this day (an entry replayed from the past is not news). Null: none.
   */
  entriesFrom: number | null;
  /** The caller holds the workspace's refresh lock: a customer without a stored stage can be a plain insert. */
  exclusive: boolean;
}

/** A customer replayed, with what is stored of them and what the digests tell about it. */
interface Replayed {
  customerId: string;
  replay: Replay;
  stored: Map<string, StoredStage>;
  courses: { course: Course; causes: string[]; digest: string; vouched: boolean }[];
  /** Lines with a stored stage that the replay no longer has. */
  gone: string[];
}

export interface CourseWrites {
  /** Courses whose current stage changed. */
  changed: number;
  entries: StageEntry[];
  overrideEnds: { customerId: string; day: number; reason: OverrideEnd }[];
}

/**
 * Stores the replayed courses of the assessed customers, a chunk of customers per statement, each
 * chunk replayed while the database writes the one before. The stored history is kept up to the
 * first entry that differs from the replay and rewritten from there, so an unchanged past costs no
 * write and keeps its ids (playbook runs and tasks refer to them); a current stage is written only
 * when it or its history differs from the stored one. A course's stored history is read only when
 * the count and digest stored with its current stage do not vouch for the replay's first entries.
 */
export async function writeCourses(
  tx: Tx,
  workspaceId: string,
  assessed: CustomerAssessments,
  options: CourseWriteOptions,
): Promise<CourseWrites> {
  let changed = 0;
  const overrideEnds: CourseWrites['overrideEnds'] = [];
  // A workspace without stages or history yet (the first placement) has none to compare with: its
  // chunks do not look for them (each look would find only the rows the chunks before it wrote).
  const { anyHistory, anyStage } = (
    await sql<{ anyHistory: boolean; anyStage: boolean }>`select
      exists (select 1 from lifecycle_history) as "anyHistory",
      exists (select 1 from customer_lifecycle) as "anyStage"`.execute(tx)
  ).rows[0];
  const chunks = await pipelinedChunks(assessed.count, CHUNK, async (from, to) => {
    // What is stored of this chunk's customers only: a whole workspace's history does not fit in memory.
    // Asked for first and awaited after the replays, which do not need it: the database reads (or
    // finishes the statements queued before) while this process replays.
    const reading = anyStage ? currentStages(tx, assessed.ids.slice(from, to)) : null;
    // Awaited after the replays; a failure meanwhile is not unhandled.
    reading?.catch(() => undefined);
    const replays = [];
    for (let i = from; i < to; i++) replays.push(assessed.assess(i));
    const storedStages = (await reading) ?? new Map<string, Map<string, StoredStage>>();
    const replayed: Replayed[] = [];
    const unsure = new Set<string>();
    for (const { customerId, replay } of replays) {
      const stored = storedStages.get(customerId) ?? new Map<string, StoredStage>();
      const courses = replay.courses.map((course) => {
        const causes = course.transitions.map((t) => JSON.stringify(t.cause));
        const before = stored.get(course.businessLineId ?? '');
        const digests = courseDigests(course.transitions, causes, before?.history?.count ?? 0);
        const vouched = before
          ? before.history !== null && digests.prefix === before.history.digest
          : !anyHistory;
        return { course, causes, digest: digests.whole, vouched };
      });
      const keys = new Set(replay.courses.map((c) => c.businessLineId ?? ''));
      // A line the customer no longer has a purchase in: its stage and history go, which needs their ids.
      const gone = [...stored.keys()].filter((line) => line !== '' && !keys.has(line));
      if (gone.length > 0 || courses.some((c) => !c.vouched)) unsure.add(customerId);
      replayed.push({ customerId, replay, stored, courses, gone });
    }
    const storedHistories = unsure.size > 0 ? await storedHistory(tx, [...unsure]) : null;
    const current: string[] = [];
    const lines = new Set<string>();
    const history: string[] = [];
    const entryLines: string[] = [];
    const removed: string[] = [];
    const goneLines: { c: string; l: string }[] = [];
    for (const { customerId, replay, stored, courses, gone } of replayed) {
      const past = storedHistories?.get(customerId) ?? null;
      const read = unsure.has(customerId);
      const end = replay.overrideEnd;
      if (end) overrideEnds.push({ customerId, ...end });
      const keys = new Set<string>();
      for (const { course, causes, digest } of courses) {
        const key = course.businessLineId ?? '';
        keys.add(key);
        if (course.businessLineId) lines.add(course.businessLineId);
        const before = stored.get(key);
        let keep = before?.history?.count ?? 0;
        if (read) {
          const storedCourse = (past ?? []).filter((t) => (t.businessLineId ?? '') === key);
          keep = commonPrefix(storedCourse, course.transitions);
          for (const t of storedCourse.slice(keep)) removed.push(t.id);
        }
        const fresh = course.transitions.slice(keep);
        const isEntry = (t: Transition) =>
          options.entriesFrom !== null &&
          t === course.transitions.at(-1) &&
          t.at >= options.entriesFrom &&
          before?.stage !== course.stage;
        fresh.forEach((t, k) => {
          const lines = isEntry(t) ? entryLines : history;
          lines.push(
            recordLine([
              lines.length,
              customerId,
              course.businessLineId,
              t.from,
              t.to,
              formatDay(t.at),
              causes[keep + k],
            ]),
          );
        });
        if (before?.stage !== course.stage) changed++;
        const count = course.transitions.length;
        if (
          before &&
          sameCurrent(before, course) &&
          before.history?.count === count &&
          before.history.digest === digest
        )
          continue;
        current.push(
          recordLine([
            customerId,
            course.businessLineId,
            course.stage,
            formatDay(course.since),
            JSON.stringify(course.cause),
            course.nextCheck === null ? null : formatDay(course.nextCheck),
            options.exclusive && !before,
            count,
            digest,
          ]),
        );
      }
      for (const line of gone) goneLines.push({ c: customerId, l: line });
      for (const t of past ?? [])
        if (t.businessLineId !== null && !keys.has(t.businessLineId)) removed.push(t.id);
    }
    if (current.length === 0 && history.length === 0 && removed.length === 0 && goneLines.length === 0)
      return [];
    // The lines named here stay until this transaction ends, as a foreign key would hold them: their rows
    // follow them by a trigger (migration 0058). A line deleted since the sales were read is not written
    // (`known`). Rows of no line lock nothing.
    if (lines.size > 0)
      await sql`select id from business_lines where id = any(${[...lines]}::uuid[]) for key share`.execute(
        tx,
      );
    await sql`
      with u as (
        select * from ${textRecords(current.join('\n'), CURRENT_COLUMNS)} as r where r.c is not null and ${known('r')}
      ),
      removed as (delete from lifecycle_history where id = any(${removed}::bigint[])),
      gone as (
        delete from customer_lifecycle l
        using unnest(${goneLines.map((g) => g.c)}::uuid[], ${goneLines.map((g) => g.l)}::uuid[]) as g(c, line)
        where l.customer_id = g.c and l.business_line_id = g.line
      ), first as (
        -- No stored stage, and nobody else can place the customer: a plain insert, without the
        -- conflict check and row lock of an upsert.
        insert into customer_lifecycle (workspace_id, customer_id, business_line_id, stage, since, cause, next_check,
          history_count, history_digest)
        select ${workspaceId}, u.c, u.l, u.s, u.since, u.cause, u.nc, u.hc, u.hd from u where u.first
      ), placed as (
        insert into customer_lifecycle (workspace_id, customer_id, business_line_id, stage, since, cause, next_check,
          history_count, history_digest)
        select ${workspaceId}, u.c, u.l, u.s, u.since, u.cause, u.nc, u.hc, u.hd from u where not u.first
        on conflict on constraint customer_lifecycle_key do update set
          stage = excluded.stage, since = excluded.since, cause = excluded.cause, next_check = excluded.next_check,
          history_count = excluded.history_count, history_digest = excluded.history_digest
      )
      select 1`.execute(tx);
    if (history.length > 0)
      await sql`
        insert into lifecycle_history (workspace_id, customer_id, business_line_id, from_stage, to_stage, at, cause)
        select ${workspaceId}, h.c, h.l, h.f, h.s, h.at, h.cause
        from ${textRecords(history.join('\n'), HISTORY_COLUMNS)} as h where ${known('h')} order by h.i`.execute(
        tx,
      );
    if (entryLines.length === 0) return [];
    // An entry is the last change of its customer's course: written after the others, it keeps its place.
    const { rows } = await sql<StageEntry>`
      insert into lifecycle_history (workspace_id, customer_id, business_line_id, from_stage, to_stage, at, cause)
      select ${workspaceId}, h.c, h.l, h.f, h.s, h.at, h.cause
      from ${textRecords(entryLines.join('\n'), HISTORY_COLUMNS)} as h where ${known('h')} order by h.i
      returning id::text as "historyId", customer_id as "customerId", business_line_id as "businessLineId",
        to_stage as stage, at::text as at`.execute(tx);
    return rows;
  });
  const entries = chunks.flat();
  return { changed, entries, overrideEnds };
}

/** A record's business line (`l`) is none or one the workspace has. */
const known = (record: string) =>
  sql`(${sql.ref(`${record}.l`)} is null or ${sql.ref(`${record}.l`)} in (select id from business_lines))`;

/** The stored row says it all already: same stage, day of entry, next check and rule-made cause (a manual one may be a newer override's). */
function sameCurrent(stored: StoredStage, course: Course) {
  return (
    stored.stage === course.stage &&
    stored.since === course.since &&
    stored.nextCheck === course.nextCheck &&
    stored.causeType === 'rule' &&
    course.cause.type === 'rule'
  );
}

/** How many entries from the start the stored course and the replayed one share. */
function commonPrefix(stored: StoredTransition[], replayed: Transition[]): number {
  let k = 0;
  while (
    k < stored.length &&
    k < replayed.length &&
    stored[k].from === replayed[k].from &&
    stored[k].to === replayed[k].to &&
    stored[k].at === replayed[k].at &&
    canonical(stored[k].cause) === canonical(replayed[k].cause)
  )
    k++;
  return k;
}

/** JSON with object keys in order: jsonb answers its keys in an order of its own. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
