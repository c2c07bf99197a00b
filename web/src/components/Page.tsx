import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useT } from '../lib/i18n';
import { commonMessages } from './messages';

/**
 * A page: its heading (one h1) and the document title. After a client-side navigation focus moves
 * to the heading, so screen-reader and keyboard users start at the new page's top.
 */
export function useDocumentTitle(title: string): void {
  const t = useT(commonMessages);
  useEffect(() => {
    document.title = t('docTitle', { title });
  }, [title, t]);
}

export function Page({ title, extra, children, subtitle }: { title: string; extra?: ReactNode; subtitle?: ReactNode; children?: ReactNode }) {
  const id = useId();
  const ref = useRef<HTMLHeadingElement>(null);
  useDocumentTitle(title);
  useEffect(() => {
    // only after an in-app navigation, not on the first load (focus stays where the browser put it)
    if (window.history.state && window.history.state.idx > 0) ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <section aria-labelledby={id} className="stack">
      <div className="row page-head">
        <h1 id={id} ref={ref} tabIndex={-1} className="page-title">
          {title}
        </h1>
        {extra}
      </div>
      {subtitle ? <div className="muted">{subtitle}</div> : null}
      {children}
    </section>
  );
}
