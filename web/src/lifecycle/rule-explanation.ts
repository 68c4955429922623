/** The tests and conditions the lifecycle engine names in a cause, and the text that puts each in words. */
const EXPLANATIONS = {
  'terminated.by-user': 'terminatedByUser',
  'terminated.inactive': 'terminatedInactive',
  'decline.overdue': 'declineOverdue',
  'decline.p-alive': 'declinePAlive',
  'decline.revenue-drop': 'declineRevenueDrop',
  'decline.open-complaint': 'declineOpenComplaint',
  'decline.satisfaction-drop': 'declineSatisfactionDrop',
  'decline.held': 'declineHeld',
  development: 'development',
  exploration: 'exploration',
  stability: 'stability',
  otherwise: 'otherwise',
} as const;
export type Explanation = (typeof EXPLANATIONS)[keyof typeof EXPLANATIONS];

/**
 * What a cause's rule means: `growth` or `decline.overdue` is a rule id, optionally with the condition
 * that held. The id is the workspace's own name, so its test comes from the model's rules; a rule the
 * model no longer has is explained by its id when that is a test's name.
 */
export function explainRule(
  rule: string,
  rules: readonly { id?: string; test: string }[],
): Explanation | null {
  const dot = rule.indexOf('.');
  const id = dot < 0 ? rule : rule.slice(0, dot);
  const condition = dot < 0 ? '' : rule.slice(dot + 1);
  const test = rules.find((r) => (r.id ?? r.test) === id)?.test ?? id;
  const key = condition ? `${test}.${condition}` : test;
  return Object.hasOwn(EXPLANATIONS, key) ? EXPLANATIONS[key as keyof typeof EXPLANATIONS] : null;
}
