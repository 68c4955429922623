import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { useWorkspace } from '../api/use-workspace';
import { Card } from '../components/card';
import { formatMoney, formatNumber } from '../components/format';
import { Empty, ErrorState, Loading } from '../components/states';
import { asSegment, useSegmentLabel } from '../value/labels';
import { heatRows } from './rfm-grid';

/**
 * The R×F heat map as a table, so that every cell is a link a keyboard reaches and a screen reader
 * reads: a cell opens the customers with its R and F scores.
 */
export function RfmCard() {
  const { t } = useTranslation();
  const segmentLabel = useSegmentLabel();
  const currency = useWorkspace().data?.currency ?? 'CNY';
  const rfm = useQuery({
    queryKey: ['analytics', 'rfm'],
    queryFn: ({ signal }) => ok(api.GET('/analytics/rfm', { signal })),
  });
  return (
    <Card title={t('dashboard.rfm')}>
      {rfm.isPending ? (
        <Loading />
      ) : rfm.isError ? (
        <ErrorState error={rfm.error} onRetry={() => rfm.refetch()} />
      ) : rfm.data.customers === 0 ? (
        <Empty>{t('dashboard.noValues')}</Empty>
      ) : (
        <>
          <table className="heat-map">
            <caption className="muted">{t('dashboard.rfmCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">R \ F</th>
                {Array.from({ length: rfm.data.bins }, (_, i) => i + 1).map((f) => (
                  <th key={f} scope="col">
                    {f}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {heatRows(rfm.data.grid, rfm.data.bins).map((row) => (
                <tr key={row[0].r}>
                  <th scope="row">{row[0].r}</th>
                  {row.map((cell) => (
                    <td
                      key={cell.f}
                      style={{ background: `rgba(37, 99, 235, ${0.08 + cell.heat * 0.8})` }}
                      className={cell.heat > 0.5 ? 'heat-dark' : undefined}
                    >
                      <Link
                        to="/customers"
                        search={{ rScore: cell.r, fScore: cell.f }}
                        title={t('dashboard.rfmCell', {
                          r: cell.r,
                          f: cell.f,
                          segment: segmentLabel(cell.segment),
                          revenue: formatMoney(cell.revenue, currency),
                        })}
                      >
                        {formatNumber(cell.count)}
                      </Link>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <ul className="segment-list">
            {rfm.data.segments
              .filter((s) => s.count > 0)
              .map((s) => (
                <li key={s.segment}>
                  <Link to="/customers" search={{ segment: asSegment(s.segment) }}>
                    {segmentLabel(s.segment)}
                  </Link>
                  <span className="num">{formatNumber(s.count)}</span>
                  <span className="num muted">{formatMoney(s.revenue, currency)}</span>
                </li>
              ))}
          </ul>
        </>
      )}
    </Card>
  );
}
