import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';

/** What the stage's playbook advises for a customer in it, in the reader's language. */
export function PlaybookAdvice({ stage }: { stage: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const playbook = useQuery({
    queryKey: ['lifecycle', 'playbook', stage],
    queryFn: ({ signal }) =>
      ok(api.GET('/lifecycle/playbooks/{stage}', { params: { path: { stage } }, signal })),
    staleTime: 5 * 60_000,
  });
  const advice = playbook.data?.advice?.[language];
  // Advice is a help, not the card's subject: without one (or while it loads) the card shows none.
  if (!advice) return null;
  return (
    <aside className="advice" aria-label={t('lifecycle.advice')}>
      <strong>{t('lifecycle.advice')}</strong>
      <p>{advice}</p>
    </aside>
  );
}
