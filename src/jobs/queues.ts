import type PgBoss from 'pg-boss';

/**
 * Every queue of the product, as data: the privileged install step creates them (a queue is a table
 * partition, which the application role may not create), so a queue is added here, not at run time.
 */
export const queues = {
  /** Every few minutes: sends a refresh for each workspace whose local refresh hour has come. */
  nightlyTick: { name: 'lifecycle.nightly-tick', policy: 'stately', retryLimit: 0, expireInSeconds: 600 },
  /** One workspace's day: lifecycle, values and retention, once (its run row is the guarantee). */
  nightlyRefresh: {
    name: 'lifecycle.nightly-refresh',
    policy: 'stately',
    retryLimit: 4,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 4 * 3600,
  },
  /**
   * One uploaded import; its own claim and lease keep it to one runner at a time. 'short': at most one
   * waiting job per import (the key is its id), however often the sweep sends one.
   */
  importRun: {
    name: 'imports.run',
    policy: 'short',
    retryLimit: 4,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 6 * 3600,
  },
  /** Every minute and at start: sends a run for each import left queued or whose runner died. */
  importResume: { name: 'imports.resume', policy: 'stately', retryLimit: 0, expireInSeconds: 600 },
  /**
   * On CLM_POOL_RETURNS_CRON (hourly by default): customers nobody followed up in time go back to their
   * pools, and owners about to lose one are warned; each return is conditional, so a second run is empty.
   */
  poolReturns: { name: 'ownership.pool-returns', policy: 'stately', retryLimit: 0, expireInSeconds: 1800 },
  /** Every minute: raises the SLA warnings and breaches of open tickets that have come due. */
  slaSweep: { name: 'service.sla-sweep', policy: 'stately', retryLimit: 0, expireInSeconds: 600 },
  /** Every minute: sends each workspace's care evaluation for its new local day and a sweep where work waits. */
  careTick: { name: 'care.tick', policy: 'stately', retryLimit: 0, expireInSeconds: 600 },
  /** One workspace's local day of care rules, once (its run row is the guarantee). */
  careEvaluate: {
    name: 'care.evaluate',
    policy: 'stately',
    retryLimit: 4,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 3600,
  },
  /** One workspace's waiting stage entries, and a delivery sent again for each message left waiting. */
  careSweep: { name: 'care.sweep', policy: 'stately', retryLimit: 2, retryDelay: 30, expireInSeconds: 600 },
  /** One message: guards, then the e-mail or webhook; 'short': one waiting job per message. */
  careDeliver: {
    name: 'care.deliver',
    policy: 'short',
    retryLimit: 4,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 600,
  },
} as const satisfies Record<string, PgBoss.Queue>;

export type QueueName = (typeof queues)[keyof typeof queues]['name'];

/** pg-boss's own queue for cron schedules, created by its scheduler at start unless already there. */
export const PG_BOSS_CRON_QUEUE = '__pgboss__send-it';
