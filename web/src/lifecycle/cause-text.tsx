import { useTranslation } from 'react-i18next';
import type { Cause, StageMetrics } from '../api/types';
import { formatDate } from '../components/format';
import { explainRule } from './rule-explanation';
import { useStageRules } from './use-stages';

const METRICS = ['n', 'gap', 'rhythm', 'tenure', 'rev90', 'prev90', 'pAlive'] as const;

function metricValue(key: keyof StageMetrics, value: number | null): string {
  if (value === null) return '—';
  if (key === 'pAlive') return `${Math.round(value * 1000) / 10} %`;
  return String(Math.round(value * 100) / 100);
}

/** Why the customer is in the stage: the rule with the numbers it saw, or who set it and why. */
export function CauseText({ cause, detailed = false }: { cause: Cause; detailed?: boolean }) {
  const { t } = useTranslation();
  const rules = useStageRules();
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
  const explanation = explainRule(cause.rule, rules.data ?? []);
  const m = cause.metrics;
  const values = {
    n: metricValue('n', m.n),
    gap: metricValue('gap', m.gap),
    tenure: metricValue('tenure', m.tenure),
    rev90: metricValue('rev90', m.rev90),
    prev90: metricValue('prev90', m.prev90),
    pAlive: metricValue('pAlive', m.pAlive),
  };
  return (
    <span>
      {explanation && (
        <span className="explanation">{t(`lifecycle.explain.${explanation}` as const, values)} </span>
      )}
      <span className="muted">
        {t('lifecycle.rule')}: <code>{cause.rule}</code>
      </span>
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
