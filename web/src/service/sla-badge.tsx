import { useTranslation } from 'react-i18next';
import type { Ticket } from '../api/types';
import { currentTimer, formatWorkingMinutes, slaTone } from './sla-text';

/** The ticket's running clock: which target, how long is left (or overdue), coloured by urgency. */
export function SlaBadge({ sla }: { sla: Ticket['sla'] }) {
  const { t } = useTranslation();
  const { which, timer } = currentTimer(sla);
  const time = formatWorkingMinutes(timer.remainingMinutes ?? 0, {
    hour: t('service.units.hour'),
    minute: t('service.units.minute'),
  });
  return (
    <span className={`sla sla-${slaTone(timer)}`} title={timer.dueAt ?? undefined}>
      {timer.state === 'none' ? '' : `${t(`service.timers.${which}`)}: `}
      {t(`service.timerStates.${timer.state}`, { time })}
    </span>
  );
}
