import type { Stage } from '../api/types';
import { useStageLabel } from '../lifecycle/use-stages';

export function StageBadge({ stage, stages }: { stage: string; stages: Stage[] | undefined }) {
  const label = useStageLabel(stages);
  const colour = stages?.find((s) => s.key === stage)?.colour ?? '#9ca3af';
  return (
    <span className="badge" style={{ borderColor: colour }}>
      <span className="badge-dot" style={{ background: colour }} aria-hidden="true" />
      {label(stage)}
    </span>
  );
}
