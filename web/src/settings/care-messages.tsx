import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { Card } from '../components/card';
import { formatDateTime } from '../components/format';
import { PagedTable } from '../components/paged-table';

/** The care message log, newest first: every attempt and why a message was held or skipped. */
export function CareMessages({ customerId }: { customerId?: string }) {
  const { t } = useTranslation();
  const query = customerId ? { customerId } : {};
  const list = useInfiniteQuery({
    queryKey: ['care-messages', query],
    queryFn: ({ pageParam, signal }) =>
      ok(
        api.GET('/care/messages', { params: { query: { ...query, limit: 50, cursor: pageParam } }, signal }),
      ),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  return (
    <Card title={t('care.log')}>
      <PagedTable
        list={list}
        columns={[t('care.when'), t('care.occasion'), t('care.channel'), t('care.status'), t('care.reason')]}
        empty={t('care.noMessages')}
        more={t('common.loadMore')}
        row={(m) => (
          <tr key={m.id}>
            <td>
              <time dateTime={m.createdAt}>{formatDateTime(m.createdAt)}</time>
            </td>
            <td>{m.occasion.startsWith('survey:') ? t('service.routing.surveyOccasion') : m.occasion}</td>
            <td>{t(`care.channels.${m.channel}`, { defaultValue: m.channel })}</td>
            <td>{t(`care.statuses.${m.status}`)}</td>
            <td>{m.reason ? t(`care.reasons.${m.reason}`, { defaultValue: m.reason }) : t('common.none')}</td>
          </tr>
        )}
      />
    </Card>
  );
}
