/** Stages that end or endanger the relationship: changing to one by hand asks why it ended. */
export type EndingPhase = 'decline' | 'terminated';

/**
 * The stages of the decline and termination phases, as the server decides them: a stage any decline
 * rule assigns is a decline stage; otherwise the phase of the first rule that assigns it.
 */
export function endingStages(rules: readonly { test: string; stage: string }[]): Map<string, EndingPhase> {
  const first = new Map<string, string>();
  const ending = new Map<string, EndingPhase>();
  for (const rule of rules) {
    if (rule.test === 'decline') ending.set(rule.stage, 'decline');
    else if (!first.has(rule.stage)) first.set(rule.stage, rule.test);
  }
  for (const [stage, test] of first)
    if (test === 'terminated' && !ending.has(stage)) ending.set(stage, 'terminated');
  return ending;
}
