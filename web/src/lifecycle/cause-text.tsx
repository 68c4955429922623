import { useTranslation } from 'react-i18next';
import type { Cause, StageMetrics } from '../api/types';
import { formatDate } from '../components/format';

const METRICS = ['n', 'gap', 'rhythm', 'tenure', 'rev90', 'prev90', 'pAlive'] as const;

function metricValue(key: keyof StageMetrics, value: number | null): string {
  if (value === null) return '—';
  if (key === 'pAlive') return `${Math.round(value * 1000) / 10} %`;
  return String(Math.round(value * 100) / 100);
}

/** Why the customer is in the stage: the rule with the numbers it saw, or who set it and why. */
export function CauseText({ cause, detailed = false }: { cause: Cause; detailed?: boolean }) {
  const { t } = useTranslation();
  if (cause.type === 'manual') {
    return (
      <span>
        {t('lifecycle.manual', { reason: cause.reason })}{' '}
        <span className="muted">
          {cause.until
            ? t('lifecycle.until', { date: formatDate(cause.until) })
            : t('lifecycle.untilNextPurchase')}
        </span>
      </span>
    );
  }
  return (
    <span>
      {t('lifecycle.rule')}: <code>{cause.rule}</code>
      {detailed && (
        <dl className="facts facts-compact">
          {METRICS.map((key) => (
            <div key={key}>
              <dt>{t(`lifecycle.metrics.${key}`)}</dt>
              <dd>{metricValue(key, cause.metrics[key])}</dd>
            </div>
          ))}
        </dl>
      )}
    </span>
  );
}
