/**
 * The one i18n layer. Every string shown to a person goes through a message dictionary defined with
 * `defineMessages` and read with `useT` — Chinese is complete and the fallback; English exists for the
 * public pages. Dictionaries live beside the feature that uses them, so the public pages do not carry
 * the back office's strings.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

export interface Messages<K extends string> {
  zh: Record<K, string>;
  en: Partial<Record<K, string>>;
}

export function defineMessages<const Z extends Record<string, string>>(zh: Z, en: Partial<Record<keyof Z & string, string>> = {}): Messages<keyof Z & string> {
  return { zh, en };
}

export type Params = Record<string, string | number | undefined | null>;
export type TFunction<K extends string> = (key: K, params?: Params) => string;

export function format(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    return v === undefined || v === null ? m : String(v);
  });
}

export function translate<K extends string>(m: Messages<K>, lang: Lang, key: K, params?: Params): string {
  const text = (lang === 'en' ? m.en[key] : undefined) ?? m.zh[key] ?? key;
  return format(text, params);
}

interface LangState {
  lang: Lang;
  setLang: (l: Lang) => void;
}
const LangContext = createContext<LangState>({ lang: 'zh', setLang: () => {} });
const STORAGE_KEY = 'shsp.lang';

/** The language chosen on this device (Chinese unless English was chosen). */
export function storedLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh') return saved;
  } catch {
    /* storage may be unavailable (private mode) */
  }
  return 'zh';
}

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(storedLang);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* ignore */
    }
    document.documentElement.lang = l === 'en' ? 'en' : 'zh-CN';
  }, []);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangState {
  return useContext(LangContext);
}

/** `const t = useT(messages); t('key', {n: 3})` */
export function useT<K extends string>(m: Messages<K>): TFunction<K> {
  const { lang } = useLang();
  return useCallback((key: K, params?: Params) => translate(m, lang, key, params), [m, lang]);
}

/** For back-office pages, which are Chinese only: the same dictionaries, read without a hook. */
export function zh<K extends string>(m: Messages<K>): TFunction<K> {
  return (key, params) => translate(m, 'zh', key, params);
}

/**
 * A part of the app shown in one language whatever was chosen: the staff pages are Chinese only
 * (issue 13, point 9), so their shared components (status tags, dates, antd's locale) stay Chinese
 * too; the choice itself is kept for the public and the applicant's pages.
 */
export function FixedLang({ lang, children }: { lang: Lang; children: ReactNode }) {
  const outer = useContext(LangContext);
  const value = useMemo(() => ({ lang, setLang: outer.setLang }), [lang, outer.setLang]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}
