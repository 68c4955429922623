import { useTranslation } from 'react-i18next';
import type { Ticket, TicketEvent, TicketStatus } from '../api/types';

/** How a ticket's event reads on its timeline and on its customer's. */
export function useTicketEventLabel() {
  const { t } = useTranslation();
  return (event: TicketEvent) => {
    const { from, to, timer } = event.detail;
    if (event.kind === 'status')
      return t('service.events.status', {
        from: t(`service.statuses.${from as TicketStatus}`),
        to: t(`service.statuses.${to as TicketStatus}`),
      });
    if (event.kind === 'priority')
      return t('service.events.priority', {
        from: t(`service.priorities.${from as Ticket['priority']}`),
        to: t(`service.priorities.${to as Ticket['priority']}`),
      });
    if (event.kind === 'team' || event.kind === 'business_line')
      return t(`service.routing.events.${event.kind}`);
    if (event.kind === 'sla_warning' || event.kind === 'sla_breach')
      return t(`service.events.${event.kind}`, {
        timer: t(
          timer === 'first_response'
            ? 'service.timers.firstResponse'
            : timer === 'next_response'
              ? 'service.timers.nextResponse'
              : 'service.timers.resolution',
        ),
      });
    return t(`service.events.${event.kind}`);
  };
}
