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

const CN_KINDS = [
  ['价值', 'value'],
  ['发展', 'develop'],
  ['保持', 'keep'],
  ['挽留', 'winBack'],
] as const;

/** The Chinese 8-class map's names: in Chinese as they are, in English spelled out. */
export function useCnClassLabel() {
  const { t, i18n } = useTranslation();
  return (name: string) => {
    if (i18n.language === 'zh-CN') return name;
    const importance = name.startsWith('重要') ? t('value.cn.important') : t('value.cn.general');
    const kind = CN_KINDS.find(([zh]) => name.includes(zh))?.[1];
    return kind ? `${importance} · ${t(`value.cn.${kind}`)}` : name;
  };
}

export function useChurnLevelLabel() {
  const { t } = useTranslation();
  return (level: string) => {
    const known = asLevel(level);
    return known ? t(`value.levels.${known}`) : level;
  };
}
