import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useCallback, useEffect, type ReactNode } from 'react';
import { useLang, useT } from '../lib/i18n';
import { shellMessages } from './messages';
import { EmptyNote } from '../components/EmptyNote';
import { theme } from './theme';
import './work.css';

dayjs.locale('zh-cn');

/**
 * antd's context (zh_CN locale, theme, App for modals and messages). Loaded with the pages that use
 * antd — not in the entry chunk — so the public home page, which uses none, stays light.
 */
/**
 * A table wider than the screen scrolls sideways; keyboard users need to reach that scroll area
 * (WCAG 2.1.1), so each overflowing antd table container becomes focusable, and named.
 */
function useFocusableScrollAreas(label: (caption: string) => string): void {
  useEffect(() => {
    const mark = () => {
      // an open select's option list is named after its field (rc-select leaves the listbox unnamed)
      document.querySelectorAll<HTMLElement>('[role="listbox"]:not([aria-label]):not([aria-labelledby])').forEach((list) => {
        const field = list.id.endsWith('_list') ? document.getElementById(list.id.slice(0, -'_list'.length)) : null;
        const name = field?.getAttribute('aria-label') ?? (field ? document.querySelector(`label[for="${CSS.escape(field.id)}"]`)?.textContent : null);
        if (name) list.setAttribute('aria-label', name);
      });
      document.querySelectorAll<HTMLElement>('.ant-table-content, .ant-table-body').forEach((el) => {
        const scrolls = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
        if (scrolls && !el.hasAttribute('tabindex')) {
          el.tabIndex = 0;
          el.setAttribute('role', 'region');
          const caption = el.closest('.ant-card')?.querySelector('.ant-card-head-title')?.textContent ?? document.querySelector('h1')?.textContent ?? '';
          el.setAttribute('aria-label', label(caption));
        }
      });
    };
    mark();
    const observer = new MutationObserver(() => requestAnimationFrame(mark));
    observer.observe(document.body, { childList: true, subtree: true });
    window.addEventListener('resize', mark);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', mark);
    };
  }, [label]);
}

/** Someone who asked their system for reduced motion (WCAG 2.3.3) gets dialogs and menus without animation. */
const reducedMotion = typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
const themeForMotion = reducedMotion ? { ...theme, token: { ...theme.token, motion: false } } : theme;

export function AntdProvider({ children }: { children: ReactNode }) {
  const { lang } = useLang();
  const t = useT(shellMessages);
  useFocusableScrollAreas(useCallback((caption: string) => t('scrollTable', { caption }), [t]));
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      theme={themeForMotion}
      button={{ autoInsertSpace: false }}
      virtual={false}
      renderEmpty={(name) => <EmptyNote component={name} />}
    >
      <AntApp component={false}>{children}</AntApp>
    </ConfigProvider>
  );
}
