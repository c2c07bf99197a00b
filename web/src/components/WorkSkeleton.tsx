import { useT } from '../lib/i18n';
import { commonMessages } from './messages';

/** the menu's five entries and the two cards' lines (their widths: .sk-* in global.css) */
const MENU = [1, 2, 3, 4, 5];
const CARDS = [4, 3];

/**
 * The back office's shape, drawn at once — before its code (antd, the layout, the page) has arrived
 * and while the session is checked — so a slow link shows a page taking form, not a blank grey one
 * (issue 13, point 10). Plain elements only: it is part of the entry chunk (its classes are in global.css).
 */
export function WorkSkeleton() {
  const t = useT(commonMessages);
  // the menu folds away on a narrow screen (WorkLayout's breakpoint), so does its outline
  const narrow = typeof window !== 'undefined' && window.innerWidth < 992;
  return (
    <div className="sk" aria-busy="true">
      {narrow ? null : (
        <div className="sk-side" aria-hidden="true">
          <div className="sk-bar sk-brand" />
          <div className="sk-bar sk-sub" />
          {MENU.map((i) => (
            <div key={i} className="sk-bar sk-menu" />
          ))}
        </div>
      )}
      <div className="sk-body">
        <div className="sk-top" aria-hidden="true">
          <div className="sk-bar" />
        </div>
        <main className="sk-main">
          <p role="status" className="sk-status">
            {t('loadingPage')}
          </p>
          <div aria-hidden="true">
            <div className="sk-bar sk-title" />
            {CARDS.map((lines, c) => (
              <div key={c} className="sk-card">
                {Array.from({ length: lines }, (_, i) => (
                  <div key={i} className="sk-bar" />
                ))}
              </div>
            ))}
          </div>
        </main>
      </div>
    </div>
  );
}
