import type { StageModel } from './stage-model.js';

/**
 * The phases of the relationship lifecycle that the company's aims speak of (SPEC §2.2): shorten
 * exploration, speed up formation, prolong stability, avoid or recover from decline. Any model's stage
 * maps to one through the test of the rules that assign it, so the KPIs mean the same in every model.
 */
export const PHASES = ['exploration', 'formation', 'stability', 'decline', 'terminated'] as const;
export type Phase = (typeof PHASES)[number];

const PHASE_OF_TEST = {
  terminated: 'terminated',
  decline: 'decline',
  development: 'exploration',
  exploration: 'exploration',
  stability: 'stability',
  otherwise: 'formation',
} as const satisfies Record<StageModel['rules'][number]['test'], Phase>;

/**
 * Each stage's phase: the phase of the first rule that assigns it, except that a stage any decline
 * rule assigns is a decline stage (the simple model's `lapsed` holds both). Stages no rule assigns
 * (reached only by hand) have none.
 */
export function stagePhases(model: StageModel): Map<string, Phase> {
  const phases = new Map<string, Phase>();
  for (const rule of model.rules) {
    if (rule.test === 'decline') phases.set(rule.stage, 'decline');
    else if (!phases.has(rule.stage)) phases.set(rule.stage, PHASE_OF_TEST[rule.test]);
  }
  return phases;
}

/** The stages a customer moves up through, in model order: those of the exploration, formation and stability phases. */
export function funnelStages(model: StageModel): string[] {
  const phases = stagePhases(model);
  return model.stages
    .map((s) => s.key)
    .filter((key) => {
      const phase = phases.get(key);
      return phase === 'exploration' || phase === 'formation' || phase === 'stability';
    });
}
