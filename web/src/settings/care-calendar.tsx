import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { CareRule } from '../api/types';
import { Card } from '../components/card';
import { Empty, ErrorState, Loading } from '../components/states';

/** The occasions of the date rules over the next 30 days, day by day. */
export function CareCalendar({ rules }: { rules: CareRule[] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const calendar = useQuery({
    queryKey: ['care-calendar'],
    queryFn: ({ signal }) => ok(api.GET('/care/calendar', { params: { query: { days: 30 } }, signal })),
  });
  const names = new Map(rules.map((r) => [r.id, r.names[language]]));
  return (
    <Card title={t('care.calendar.title')}>
      <p className="muted">{t('care.calendar.intro')}</p>
      {calendar.isPending ? (
        <Loading />
      ) : calendar.isError ? (
        <ErrorState error={calendar.error} onRetry={() => calendar.refetch()} />
      ) : calendar.data.data.length === 0 ? (
        <Empty>{t('care.calendar.empty')}</Empty>
      ) : (
        <div className="table-scroll">
          <table className="simple-table">
            <thead>
              <tr>
                <th>{t('care.calendar.day')}</th>
                <th>{t('care.calendar.rule')}</th>
                <th>{t('care.calendar.customer')}</th>
                <th>{t('care.calendar.occasion')}</th>
              </tr>
            </thead>
            <tbody>
              {calendar.data.data.map((e) => (
                <tr key={`${e.day}:${e.ruleId}:${e.customerId}`}>
                  <td>{e.day}</td>
                  <td>{names.get(e.ruleId) ?? e.ruleId}</td>
                  <td>{e.name}</td>
                  <td>{e.occasion}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
