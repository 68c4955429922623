import type { SlaState } from './sla.js';

export type SlaAlert = `${'first_response' | 'next_response' | 'resolution'}:${'near_breach' | 'breached'}`;

/**
 * The alerts a ticket's timers call for now and have not raised before. A timer found already breached
 * raises only the breach: the warning it skipped would come too late to help. The next response's alerts
 * are forgotten each time the customer writes again, so that every unanswered message is watched.
 */
export function newSlaAlerts(state: SlaState, raised: readonly string[]): SlaAlert[] {
  const alerts: SlaAlert[] = [];
  for (const [timer, { state: now }] of [
    ['first_response', state.firstResponse],
    ['next_response', state.nextResponse],
    ['resolution', state.resolution],
  ] as const) {
    if (now === 'breached' && !raised.includes(`${timer}:breached`)) alerts.push(`${timer}:breached`);
    else if (now === 'near_breach' && !raised.includes(`${timer}:near_breach`))
      alerts.push(`${timer}:near_breach`);
  }
  return alerts;
}
