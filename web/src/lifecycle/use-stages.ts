import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Stage, StageModels } from '../api/types';

/** The stages of the workspace's lifecycle model, in order, with their labels and colours. */
export function useStages() {
  return useQuery({
    queryKey: ['lifecycle', 'models'],
    queryFn: ({ signal }) => api.get<StageModels>('/lifecycle/models', undefined, signal),
    select: (models): Stage[] => models.effective.stages,
    staleTime: 5 * 60_000,
  });
}

/** A stage's label in the current language, or its key when the model does not know it. */
export function useStageLabel(stages: Stage[] | undefined) {
  const { i18n } = useTranslation();
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  return (key: string) => stages?.find((s) => s.key === key)?.labels[language] ?? key;
}
