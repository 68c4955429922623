import 'i18next';
import type { en } from './en';

// Translation keys are checked by the compiler: a typo in t('…') is a type error, not a blank label.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
