import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';

interface Playbook {
  stage: string;
  advice: { en: string; 'zh-CN': string } | null;
}

/** What the stage's playbook advises for a customer in it, in the reader's language. */
export function PlaybookAdvice({ stage }: { stage: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const playbook = useQuery({
    queryKey: ['lifecycle', 'playbook', stage],
    queryFn: ({ signal }) =>
      api.get<Playbook>(`/lifecycle/playbooks/${encodeURIComponent(stage)}`, undefined, signal),
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
