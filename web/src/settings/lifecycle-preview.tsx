import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { StageModel } from '../api/types';
import { formatNumber } from '../components/format';
import { useErrorMessage } from '../components/states';
import { useDebouncedValue } from '../components/use-debounced-value';
import { moveRows } from './preview-moves';

type PreviewBody = { model: string; thresholds: Record<string, Record<string, number | null>> };

/**
 * The preview of the settings being edited, asked once typing pauses; the last answer stays on screen
 * while the next one is counted.
 */
export function useLifecyclePreview(body: PreviewBody | null, enabled: boolean) {
  const settled = useDebouncedValue(body === null ? null : JSON.stringify(body), 400);
  return useQuery({
    queryKey: ['lifecycle', 'preview', settled],
    queryFn: ({ signal }) => ok(api.POST('/lifecycle/preview', { body: JSON.parse(settled!), signal })),
    enabled: enabled && settled !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** "N customers would move", and from which stage to which. */
export function PreviewSummary({
  preview,
  invalid,
  models,
}: {
  preview: ReturnType<typeof useLifecyclePreview>;
  invalid: boolean;
  /** The proposed model first, then the one the stages were computed with: where stage names come from. */
  models: StageModel[];
}) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const data = preview.data;
  return (
    <section className="preview" aria-labelledby="lifecycle-preview" aria-busy={preview.isFetching}>
      <h3 className="subheading" id="lifecycle-preview">
        {t('settings.previewTitle')}
      </h3>
      <div aria-live="polite">
        {invalid ? (
          <p className="muted">{t('settings.previewInvalid')}</p>
        ) : preview.isError ? (
          <p className="form-error">{errorMessage(preview.error)}</p>
        ) : !data ? (
          <p className="muted">{t('settings.previewCounting')}</p>
        ) : (
          <>
            <p>
              <strong>
                {data.moving === 0
                  ? t('settings.previewNone', { evaluated: formatNumber(data.evaluated) })
                  : t('settings.previewMoving', {
                      count: data.moving,
                      total: formatNumber(data.moving),
                      evaluated: formatNumber(data.evaluated),
                    })}
              </strong>{' '}
              <span className="muted">
                {preview.isFetching
                  ? t('settings.previewCounting')
                  : t('settings.previewAsOf', { day: data.asOf })}
              </span>
            </p>
            {data.moves.length > 0 && (
              <ul className="moves">
                {moveRows(data, models, language, t('dashboard.notPlaced')).map((move) => (
                  <li key={move.key}>
                    <span>{t('settings.previewMove', { from: move.from, to: move.to })}</span>
                    <span className="num">{formatNumber(move.count)}</span>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </section>
  );
}
