import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Distribution } from '../api/types';
import { useWorkspace } from '../api/use-workspace';
import { formatMoney, formatNumber } from '../components/format';
import { Empty, ErrorState, Loading } from '../components/states';
import { RefreshButton } from '../lifecycle/refresh-button';

/** One column per stage of the workspace's model, with how many customers are in it and what they spent. */
export function LifecyclePage() {
  const { t, i18n } = useTranslation();
  const workspace = useWorkspace();
  const distribution = useQuery({
    queryKey: ['lifecycle', 'distribution'],
    queryFn: ({ signal }) => api.get<Distribution>('/lifecycle/distribution', undefined, signal),
  });
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const stages = distribution.data?.stages ?? [];
  const total = stages.reduce((sum, s) => sum + s.count, 0);

  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('lifecycle.board')}</h1>
        <RefreshButton />
      </header>
      {distribution.isPending ? (
        <Loading />
      ) : distribution.isError ? (
        <ErrorState error={distribution.error} onRetry={() => distribution.refetch()} />
      ) : (
        <>
          {total === 0 && <Empty>{t('lifecycle.boardEmpty')}</Empty>}
          <ol className="board">
            {stages.map((s) => (
              <li key={s.stage} className="board-column" style={{ borderTopColor: s.colour ?? '#9ca3af' }}>
                <h2>{s.labels?.[language] ?? s.stage}</h2>
                <p className="board-count">
                  {t('lifecycle.customers', { count: s.count, total: formatNumber(s.count) })}
                </p>
                <p className="muted">
                  {t('lifecycle.share', {
                    percent: total ? `${Math.round((s.count / total) * 1000) / 10} %` : '0 %',
                  })}
                </p>
                <div className="meter" aria-hidden="true">
                  <span
                    style={{
                      width: `${total ? (s.count / total) * 100 : 0}%`,
                      background: s.colour ?? '#9ca3af',
                    }}
                  />
                </div>
                <p>
                  {t('lifecycle.revenue', {
                    amount: formatMoney(s.revenue, workspace.data?.currency ?? 'CNY'),
                  })}
                </p>
              </li>
            ))}
          </ol>
          <p className="muted">{t('lifecycle.boardHint')}</p>
        </>
      )}
    </div>
  );
}
