import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { ValueModels } from '../api/types';
import { Card } from '../components/card';
import { formatDate, formatDateTime, formatNumber } from '../components/format';
import { Empty, ErrorState, Loading } from '../components/states';
import { RefreshButton } from '../lifecycle/refresh-button';
import { ChurnBandsCard } from '../value/churn-bands-card';
import { useChurnFeatureLabel } from '../value/churn-reasons';
import { ModelCandidatesCard } from '../value/model-candidates-card';
import { parameterRows } from '../value/model-charts';
import { ModelDiagnosticsCards } from '../value/model-diagnostics-cards';

const round = (value: number | null | undefined, digits = 3) =>
  value === null || value === undefined ? '—' : formatNumber(Number(value.toFixed(digits)));

// The papers' symbols for the parameters the API names in Latin letters.
const SYMBOLS: Record<string, string> = { alpha: 'α', gamma: 'γ', beta: 'β' };

type Fit = NonNullable<ValueModels['gammaGamma']>;

/** How far to trust the value numbers: the one fit behind them, how it was chosen and on what data. */
export function ModelsPage() {
  const { t } = useTranslation();
  const models = useQuery({
    queryKey: ['analytics', 'models'],
    queryFn: ({ signal }) => ok(api.GET('/analytics/models', { signal })),
  });
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('models.title')}</h1>
        <RefreshButton />
      </header>
      {models.isPending ? (
        <Loading />
      ) : models.isError ? (
        <ErrorState error={models.error} onRetry={() => models.refetch()} />
      ) : !models.data.fittedAsOf ? (
        <Empty>{t('models.empty')}</Empty>
      ) : (
        <Fitted models={models.data} />
      )}
    </div>
  );
}

function Fitted({ models }: { models: ValueModels }) {
  const { t } = useTranslation();
  const featureLabel = useChurnFeatureLabel();
  const { data, minimums } = models;
  return (
    <>
      <p className="muted">
        {t('models.fitted', {
          asOf: models.fittedAsOf ? formatDate(models.fittedAsOf) : '—',
          at: models.fittedAt ? formatDateTime(models.fittedAt) : '—',
        })}
      </p>
      {models.churnReason && models.churnReason !== models.reason && (
        <div className="notice notice-warning" role="status">
          {t(`scoring.churnAbsent.${models.churnReason}`)}
        </div>
      )}
      {models.reason && (
        <div className="notice notice-warning" role="status">
          {t(`models.reasons.${models.reason}`, {
            customers: formatNumber(minimums.customers),
            repeatBuyers: formatNumber(minimums.repeatBuyers),
            historyDays: formatNumber(minimums.historyDays),
          })}
        </div>
      )}
      <div className="dashboard-grid">
        <Card title={t('models.data')}>
          <dl className="facts facts-compact">
            <div>
              <dt>{t('models.customers')}</dt>
              <dd>{data ? formatNumber(data.customers) : '—'}</dd>
            </div>
            <div>
              <dt>{t('models.repeatBuyers')}</dt>
              <dd>{data ? formatNumber(data.repeatBuyers) : '—'}</dd>
            </div>
            <div>
              <dt>{t('models.historyDays')}</dt>
              <dd>{data ? formatNumber(data.historyDays) : '—'}</dd>
            </div>
          </dl>
        </Card>
        <Card title={t('models.choice')}>
          <p className="muted">
            {t('models.choiceHint', { to: models.trainingCutoff ? formatDate(models.trainingCutoff) : '—' })}
          </p>
          {models.candidates.length === 0 ? (
            <Empty>{t('models.notFitted')}</Empty>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>{t('models.model')}</th>
                  <th>{t('models.holdoutLogLikelihood')}</th>
                  <th>{t('models.mae')}</th>
                  <th>{t('models.converged')}</th>
                </tr>
              </thead>
              <tbody>
                {models.candidates.map((c) => (
                  <tr key={c.kind}>
                    <td>
                      {t(`models.kinds.${c.kind}`)}
                      {c.kind === models.chosen && <strong> · {t('models.chosen')}</strong>}
                    </td>
                    <td>{round(c.holdoutLogLikelihood, 1)}</td>
                    <td>{round(c.holdoutMae)}</td>
                    <td>{c.converged ? t('models.yes') : t('models.no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        <FitCard
          title={models.repeatModel ? t(`models.kinds.${models.repeatModel.kind}`) : t('models.repeat')}
          hint={t('models.repeatHint')}
          fit={models.repeatModel}
        />
        <FitCard title={t('models.gammaGamma')} hint={t('models.gammaGammaHint')} fit={models.gammaGamma} />
        <Card title={t('models.customerIntervals')}>
          <p className="muted">
            {t('models.customerIntervalsHint', {
              level: Math.round(models.customerIntervals.level * 100),
              method: t(`models.methods.${models.customerIntervals.method}`),
            })}
          </p>
        </Card>
        {models.diagnostics && models.repeatModel && (
          <ModelDiagnosticsCards diagnostics={models.diagnostics} kind={models.repeatModel.kind} />
        )}
        <Card title={t('models.churn', { days: models.churn?.horizonDays ?? 90 })}>
          <p className="muted">{t('models.churnHint')}</p>
          {!models.churn ? (
            <Empty>{t('models.notFitted')}</Empty>
          ) : (
            <dl className="facts facts-compact">
              {models.churn.terms.map((term) => (
                <div key={term.feature}>
                  <dt title={term.feature}>{featureLabel(term.feature)}</dt>
                  <dd>{round(term.coefficient)}</dd>
                </div>
              ))}
              <div>
                <dt>{t('models.trainingRows')}</dt>
                <dd>{formatNumber(models.churn.trainingRows)}</dd>
              </div>
            </dl>
          )}
        </Card>
        <ChurnBacktestCard backtest={models.churn?.backtest ?? null} />
        <ChurnBandsCard />
        <ModelCandidatesCard />
      </div>
    </>
  );
}

function FitCard({ title, hint, fit }: { title: string; hint: string; fit: Fit | null }) {
  const { t } = useTranslation();
  const level = Math.round((fit?.uncertainty?.level ?? 0.9) * 100);
  return (
    <Card title={title}>
      <p className="muted">{hint}</p>
      {!fit ? (
        <Empty>{t('models.notFitted')}</Empty>
      ) : (
        <>
          <table className="table">
            <thead>
              <tr>
                <th>{t('models.parameter')}</th>
                <th>{t('models.estimate')}</th>
                <th>{t('models.standardError')}</th>
                <th>{t('models.interval', { level })}</th>
              </tr>
            </thead>
            <tbody>
              {parameterRows(fit.params, fit.uncertainty).map((row) => (
                <tr key={row.name}>
                  <td>
                    <code>{SYMBOLS[row.name] ?? row.name}</code>
                  </td>
                  <td>{round(row.value)}</td>
                  <td>{round(row.standardError)}</td>
                  <td>{row.lower === null ? '—' : `${round(row.lower)} – ${round(row.upper)}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {!fit.uncertainty && <p className="muted">{t('models.noUncertainty')}</p>}
          <dl className="facts facts-compact">
            <div>
              <dt>{t('models.logLikelihood')}</dt>
              <dd>{round(fit.logLikelihood, 1)}</dd>
            </div>
            <div>
              <dt>{t('models.n')}</dt>
              <dd>{formatNumber(fit.n)}</dd>
            </div>
            <div>
              <dt>{t('models.converged')}</dt>
              <dd>{fit.converged ? t('models.yes') : t('models.no')}</dd>
            </div>
          </dl>
        </>
      )}
    </Card>
  );
}

type ChurnBacktest = NonNullable<NonNullable<ValueModels['churn']>['backtest']>;

/** The churn forecast checked on a past window, beside the baselines it must beat. */
function ChurnBacktestCard({ backtest }: { backtest: ChurnBacktest | null }) {
  const { t } = useTranslation();
  const rows = backtest && [
    [t('models.churnModel'), backtest.churnModel] as const,
    [t('models.daysSinceLast'), backtest.daysSinceLast] as const,
    ...(backtest.modelNoPurchase
      ? [
          [
            t('models.modelNoPurchase', { model: t(`models.kinds.${backtest.modelNoPurchase.kind}`) }),
            backtest.modelNoPurchase,
          ] as const,
        ]
      : []),
  ];
  return (
    <Card title={t('models.backtest')}>
      {!backtest || !rows ? (
        <Empty>{t('models.noBacktest')}</Empty>
      ) : (
        <>
          <p className="muted">
            {t('models.backtestHint', {
              from: formatDate(backtest.calibrationEnd),
              to: formatDate(backtest.holdoutEnd),
              customers: formatNumber(backtest.customers),
            })}
          </p>
          <table className="table">
            <thead>
              <tr>
                <th>{t('models.score')}</th>
                <th>AUC</th>
                <th>Brier</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([label, score]) => (
                <tr key={label}>
                  <td>{label}</td>
                  <td>{round(score.auc)}</td>
                  <td>{round(score.brier)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Card>
  );
}
