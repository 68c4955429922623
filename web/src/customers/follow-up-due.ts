/** Where the next follow-up stands against today (both YYYY-MM-DD in the workspace's zone). */
export type FollowUpDue = 'overdue' | 'today' | 'upcoming';

export function followUpDue(nextOn: string | null | undefined, today: string): FollowUpDue | null {
  if (!nextOn) return null;
  return nextOn < today ? 'overdue' : nextOn === today ? 'today' : 'upcoming';
}
