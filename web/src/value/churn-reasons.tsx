import { useTranslation } from 'react-i18next';
import type { ChurnReason } from '../api/types';
import { formatNumber, formatPercent } from '../components/format';

/**
 * The churn model's terms (src/analytics/churn-model.ts, CHURN_FEATURES): each is a reason's stable
 * code, and a reason's points are its term's push on the log-odds of no purchase against an average
 * customer (positive raises the risk).
 */
export const CHURN_FEATURES = [
  'model_no_purchase',
  'days_since_last',
  'overdue_ratio',
  'frequency',
  'monetary',
  'spend_trend',
  'tenure',
  'one_time_buyer',
  'recent_interactions',
  'open_complaints',
  'sla_breaches',
  'satisfaction_drop',
] as const;
export type ChurnFeature = (typeof CHURN_FEATURES)[number];

const asChurnFeature = (code: string): ChurnFeature | undefined => CHURN_FEATURES.find((f) => f === code);

/** A churn model term's name in the reader's language; an unknown code as it came. */
export function useChurnFeatureLabel() {
  const { t } = useTranslation();
  return (code: string) => {
    const feature = asChurnFeature(code);
    return feature ? t(`scoring.features.${feature}`) : code;
  };
}

/**
 * The customer's own figure behind a service signal's reason (see src/value/churn-scores.ts): a count,
 * or the satisfaction lost as a percentage; null for the other terms.
 */
function signalFigure(reason: ChurnReason): string | null {
  const { satisfactionDrop, ...counts } = reason.metrics;
  if (typeof satisfactionDrop === 'number') return formatPercent(satisfactionDrop);
  const count = Object.values(counts).find((v) => typeof v === 'number');
  return typeof count === 'number' ? formatNumber(count) : null;
}

/** One reason behind a churn risk in words: the model term and which way, and how hard, it pushes. */
export function ChurnReasonText({ reason }: { reason: ChurnReason }) {
  const { t } = useTranslation();
  const label = useChurnFeatureLabel();
  const figure = signalFigure(reason);
  return (
    <span>
      {label(reason.code)}
      {figure === null ? '' : ` (${figure})`}{' '}
      <span className="muted">
        {t(reason.points >= 0 ? 'scoring.raises' : 'scoring.lowers', {
          points: formatNumber(Math.abs(reason.points)),
        })}
      </span>
    </span>
  );
}
