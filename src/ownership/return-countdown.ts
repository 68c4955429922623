import { daysLeft } from './return-rules.js';

/** A stored return deadline as every reader shows it: the ownership card, My day and the customer list. */
export interface ReturnCountdown {
  returnsAt: string | null;
  daysLeft: number | null;
  /** At most the pool's `urgentDays` left: shown in red. */
  returnUrgent: boolean;
}

/** The countdown to `returnsAt` (null: no deadline) under a pool whose urgent threshold is `urgentDays`. */
export function returnCountdown(
  returnsAt: Date,
  urgentDays: number,
  now: Date,
): { returnsAt: string; daysLeft: number; returnUrgent: boolean };
export function returnCountdown(returnsAt: Date | null, urgentDays: number, now: Date): ReturnCountdown;
export function returnCountdown(returnsAt: Date | null, urgentDays: number, now: Date): ReturnCountdown {
  if (!returnsAt) return { returnsAt: null, daysLeft: null, returnUrgent: false };
  const left = daysLeft(returnsAt, now);
  return { returnsAt: returnsAt.toISOString(), daysLeft: left, returnUrgent: left <= urgentDays };
}
