import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SurveyIssued } from '../api/types';
import { useErrorMessage } from '../components/states';

/** A button that asks the customer a survey, then says it was mailed or shows the link to pass on. */
export function SurveySender({ request, label }: { request: () => Promise<SurveyIssued>; label: string }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const send = useMutation({ mutationFn: request });
  return (
    <>
      {send.data?.sent && <p>{t('service.surveySent')}</p>}
      {send.data?.link && (
        <p>
          {t(send.data.queued ? 'service.routing.queued' : 'service.surveyLink')}{' '}
          <input readOnly value={send.data.link} onFocus={(e) => e.target.select()} />
        </p>
      )}
      {send.error && (
        <p className="form-error" role="alert">
          {errorMessage(send.error)}
        </p>
      )}
      {!send.data && (
        <button type="button" className="button" disabled={send.isPending} onClick={() => send.mutate()}>
          {label}
        </button>
      )}
    </>
  );
}
