import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelDiagnostics, RepeatModelKind } from '../api/types';
import { Card } from '../components/card';
import { Chart } from '../components/chart';
import { formatDate, formatNumber } from '../components/format';
import { histogramOption, type MatrixKind, matrixOption, trackingOption } from './model-charts';
import './value.css';

const loadCharts = () => import('./echarts');

/** The chosen purchase model against the workspace's data: the plots the BTYD literature checks a fit by. */
export function ModelDiagnosticsCards({
  diagnostics,
  kind,
}: {
  diagnostics: ModelDiagnostics;
  kind: RepeatModelKind;
}) {
  const { t } = useTranslation();
  const model = t(`models.kinds.${kind}`);
  const histogram = useMemo(
    () =>
      histogramOption(diagnostics.frequencyHistogram, {
        actual: t('models.diagnostics.seen'),
        model: model,
      }),
    [diagnostics, model, t],
  );
  const tracking = useMemo(
    () =>
      trackingOption(diagnostics.tracking, {
        actual: t('models.diagnostics.seen'),
        model: t(`models.kinds.${diagnostics.tracking.kind}`),
        cutoff: t('models.diagnostics.trainingEnd'),
      }),
    [diagnostics, t],
  );
  return (
    <>
      <MatrixCard grid={diagnostics.frequencyRecency} />
      <Card title={t('models.diagnostics.histogram')}>
        <p className="muted">{t('models.diagnostics.histogramHint', { model })}</p>
        <Chart load={loadCharts} option={histogram} label={t('models.diagnostics.histogram')} />
      </Card>
      <Card title={t('models.diagnostics.tracking')}>
        <p className="muted">
          {t('models.diagnostics.trackingHint', {
            model: t(`models.kinds.${diagnostics.tracking.kind}`),
            to: formatDate(diagnostics.tracking.trainingCutoff),
          })}
        </p>
        <Chart load={loadCharts} option={tracking} label={t('models.diagnostics.tracking')} />
      </Card>
    </>
  );
}

function MatrixCard({ grid }: { grid: ModelDiagnostics['frequencyRecency'] }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<MatrixKind>('pAlive');
  const title = t(`models.diagnostics.${kind}`);
  const option = useMemo(
    () =>
      matrixOption(grid, kind, {
        frequency: t('models.diagnostics.frequency'),
        recency: t('models.diagnostics.recency'),
        value: t(`models.diagnostics.${kind}`),
      }),
    [grid, kind, t],
  );
  return (
    <Card
      title={title}
      actions={
        <span className="choice-toggle">
          {(['pAlive', 'expectedPurchases'] as const).map((k) => (
            <button
              key={k}
              type="button"
              className="button button-quiet"
              aria-pressed={k === kind}
              onClick={() => setKind(k)}
            >
              {t(`models.diagnostics.${k}Short`)}
            </button>
          ))}
        </span>
      }
    >
      <p className="muted">
        {t(`models.diagnostics.${kind}Hint`, {
          days: formatNumber(Math.round(grid.T)),
          horizon: formatNumber(grid.horizon),
        })}
      </p>
      <Chart load={loadCharts} option={option} label={title} className="chart chart-tall" />
    </Card>
  );
}
