import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { Lifecycle, Stage } from '../api/types';
import { formatDate } from '../components/format';
import { StageBadge } from '../components/stage-badge';

/** The customer's stage in each business line they bought in, beside the stage of the whole relationship. */
export function LineStages({
  lines,
  stages,
}: {
  lines: NonNullable<Lifecycle['byBusinessLine']>;
  stages?: Stage[];
}) {
  const { t } = useTranslation();
  const names = useQuery({
    queryKey: ['business-lines'],
    queryFn: ({ signal }) => ok(api.GET('/business-lines', { params: { query: { limit: 500 } }, signal })),
    staleTime: 5 * 60_000,
    select: (page) => new Map(page.data.map((line) => [line.id, line.name])),
  });
  if (lines.length === 0) return null;
  return (
    <>
      <h3 className="subheading">{t('lifecycle.lineStages.title')}</h3>
      <ul className="line-stages" aria-label={t('lifecycle.lineStages.title')}>
        {lines.map((line) => (
          <li key={line.businessLineId}>
            <strong>{names.data?.get(line.businessLineId) ?? t('lifecycle.lineStages.unknown')}</strong>
            <StageBadge stage={line.stage} stages={stages} />
            <span className="muted">{t('lifecycle.since', { date: formatDate(line.since) })}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
