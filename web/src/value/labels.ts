import { useTranslation } from 'react-i18next';
import { CHURN_LEVELS, type ChurnLevel, RFM_SEGMENTS, type RfmSegment } from '../api/types';

export const asSegment = (value: string): RfmSegment | undefined => RFM_SEGMENTS.find((s) => s === value);
const asLevel = (value: string): ChurnLevel | undefined => CHURN_LEVELS.find((l) => l === value);

/** The English RFM segment names as the user's language has them; an unknown one as it came. */
export function useSegmentLabel() {
  const { t } = useTranslation();
  return (segment: string) => {
    const known = asSegment(segment);
    return known ? t(`value.segments.${known}`) : segment;
  };
}

/** The Chinese 8-class map's names, as the server sends them, and their keys in the translations. */
const CN_CLASS_KEYS = {
  重要价值客户: 'importantValue',
  重要发展客户: 'importantDevelop',
  重要保持客户: 'importantKeep',
  重要挽留客户: 'importantWinBack',
  一般价值客户: 'generalValue',
  一般发展客户: 'generalDevelop',
  一般保持客户: 'generalKeep',
  一般挽留客户: 'generalWinBack',
} as const;

/** A class of the Chinese 8-class map in words of the user's language; an unknown one as it came. */
export function useCnClassLabel() {
  const { t } = useTranslation();
  return (name: string) => {
    const key = CN_CLASS_KEYS[name as keyof typeof CN_CLASS_KEYS];
    return key ? t(`value.cn.${key}`) : name;
  };
}

export function useChurnLevelLabel() {
  const { t } = useTranslation();
  return (level: string) => {
    const known = asLevel(level);
    return known ? t(`value.levels.${known}`) : level;
  };
}
