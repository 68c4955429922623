import { useTranslation } from 'react-i18next';
import type { Cause, StageMetrics } from '../api/types';
import { useWorkspace } from '../api/use-workspace';
import { formatDate, formatMoney, formatNumber } from '../components/format';
import { explainRule } from './rule-explanation';
import { useStageRules } from './use-stages';

const METRICS = ['n', 'gap', 'rhythm', 'tenure', 'rev90', 'prev90', 'pAlive'] as const;

/** The metrics that are numbers; the others are yes-or-no facts the rules read. */
type NumberMetric = {
  [K in keyof StageMetrics]-?: NonNullable<StageMetrics[K]> extends number ? K : never;
}[keyof StageMetrics];

function metricValue(key: NumberMetric, value: number | null | undefined, currency: string): string {
  if (value === null || value === undefined) return '—';
  if (key === 'pAlive' || key === 'satisfactionDrop') return `${Math.round(value * 1000) / 10} %`;
  if (key === 'rev90' || key === 'prev90') return formatMoney(value, currency);
  return formatNumber(Math.round(value * 100) / 100);
}

/** Why the customer is in the stage: the rule with the numbers it saw, or who set it and why. */
export function CauseText({ cause, detailed = false }: { cause: Cause; detailed?: boolean }) {
  const { t } = useTranslation();
  const rules = useStageRules();
  const currency = useWorkspace().data?.currency ?? 'CNY';
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
  const value = (key: NumberMetric) => metricValue(key, m[key], currency);
  const values = {
    n: value('n'),
    gap: value('gap'),
    tenure: value('tenure'),
    rev90: value('rev90'),
    prev90: value('prev90'),
    pAlive: value('pAlive'),
    openComplaintDays: value('openComplaintDays'),
    satisfactionDrop: value('satisfactionDrop'),
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
              <dd>{value(key)}</dd>
            </div>
          ))}
        </dl>
      )}
    </span>
  );
}
