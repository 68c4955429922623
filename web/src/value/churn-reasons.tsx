import { useTranslation } from 'react-i18next';
import type { ChurnReason } from '../api/types';
import { formatNumber, formatPercent } from '../components/format';
import type { en } from '../i18n/en';

/**
 * A churn model term's name in the reader's language; an unknown code as it came. The terms are those of
 * src/analytics/churn-model.ts (CHURN_FEATURES), each a reason's stable code, and each has a text of its own.
 */
export function useChurnFeatureLabel() {
  const { t } = useTranslation();
  return (code: string) =>
    t(`scoring.features.${code}` as `scoring.features.${keyof typeof en.scoring.features}`, {
      defaultValue: code,
    });
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
