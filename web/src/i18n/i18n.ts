import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zhCN } from './zh-cn';

export const LANGUAGES = [
  { code: 'zh-CN', label: '简体中文' },
  { code: 'en', label: 'English' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'clm.language';

/** The remembered choice, else the browser's language when it is Chinese, else English. */
export function initialLanguage(stored: string | null, browser: string): Language {
  if (stored === 'en' || stored === 'zh-CN') return stored;
  return browser.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function setLanguage(language: Language) {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  return i18next.changeLanguage(language);
}

export function initI18n() {
  const language = initialLanguage(localStorage.getItem(STORAGE_KEY), navigator.language);
  document.documentElement.lang = language;
  return i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
}
