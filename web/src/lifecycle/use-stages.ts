import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { Stage, StageRule } from '../api/types';

const models = {
  queryKey: ['lifecycle', 'models'],
  queryFn: ({ signal }: { signal: AbortSignal }) => ok(api.GET('/lifecycle/models', { signal })),
  staleTime: 5 * 60_000,
};

/** The models the workspace can choose from, the current one and its rules with the workspace's thresholds. */
export function useStageModels() {
  return useQuery(models);
}

/** The stages of the workspace's lifecycle model, in order, with their labels and colours. */
export function useStages() {
  return useQuery({ ...models, select: (data): Stage[] => data.effective.stages });
}

/** The rules of the workspace's lifecycle model, which say what a cause's rule id tests. */
export function useStageRules() {
  return useQuery({ ...models, select: (data): StageRule[] => data.effective.rules });
}

/** A stage's label in the current language, or its key when the model does not know it. */
export function useStageLabel(stages: Stage[] | undefined) {
  const { i18n } = useTranslation();
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  return (key: string) => stages?.find((s) => s.key === key)?.labels[language] ?? key;
}
