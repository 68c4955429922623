import { useTranslation } from 'react-i18next';
import type { ChurnReason } from '../api/types';
import { formatMoney, formatNumber, formatPercent } from '../components/format';

const CODES = ['no_purchase_expected', 'low_p_alive', 'overdue', 'falling_spend', 'open_complaints'] as const;

/** One signal behind a churn score in words, with the numbers it saw and the points it added. */
export function ChurnReasonText({ reason, currency }: { reason: ChurnReason; currency: string }) {
  const { t } = useTranslation();
  const code = CODES.find((c) => c === reason.code);
  const m = reason.metrics;
  const num = (key: string) => formatNumber(Math.round((m[key] ?? 0) * 10) / 10);
  const text = !code
    ? reason.code
    : code === 'no_purchase_expected'
      ? t('value.reasons.no_purchase_expected', { p: formatPercent(m.pNoPurchase ?? 0) })
      : code === 'low_p_alive'
        ? t('value.reasons.low_p_alive', { p: formatPercent(m.pAlive ?? 0) })
        : code === 'overdue'
          ? t('value.reasons.overdue', { days: num('daysSinceLast'), usual: num('medianInterval') })
          : code === 'falling_spend'
            ? t('value.reasons.falling_spend', {
                recent: formatMoney(m.recentSpend ?? 0, currency),
                previous: formatMoney(m.previousSpend ?? 0, currency),
              })
            : t('value.reasons.open_complaints', { count: m.openComplaints ?? 0 });
  return (
    <span>
      {text} <span className="muted">{t('value.points', { points: formatNumber(reason.points) })}</span>
    </span>
  );
}
