import { Alert } from 'antd';
import { humanizeDates } from '../lib/format';
import { useLang } from '../lib/i18n';
import { asProblem, blockerText, clauseText, describeProblem, type ProblemContext } from '../lib/problem';

/**
 * An API refusal shown next to the action it concerns: a title that says what happened (per error
 * code and situation, not the server's generic one), the server's Chinese sentence, the notice clause,
 * what to do next and, for a refused submission, every blocker at once (一次性告知) — unless the page
 * already lists them beside it (`blockersShown`), so they are read once.
 * `onField`: the refusal's words are already at the fields it concerns; only the title and the action remain.
 */
export function ProblemAlert({
  error,
  onClose,
  context,
  blockersShown = false,
  onField = false,
}: {
  error: unknown;
  onClose?: () => void;
  context?: ProblemContext;
  blockersShown?: boolean;
  onField?: boolean;
}) {
  const { lang } = useLang();
  if (!error) return null;
  const p = asProblem(error);
  const { title, action } = describeProblem(p, lang, context);
  const blockers = blockersShown ? [] : (p.blockers ?? []);
  // in English, the server's Chinese sentence is shown as written (marked Chinese) unless its blockers, said in English, tell it all
  const detailLang = lang === 'en' ? 'zh-CN' : undefined;
  const said = lang === 'en' && blockers.length > 0 && blockers.every((b) => blockerText(b, lang) !== blockerText(b));
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      closable={onClose ? { onClose } : false}
      title={title}
      description={
        <div>
          {onField || said ? null : <div lang={detailLang}>{humanizeDates(p.detail, lang)}</div>}
          {p.clause && !onField ? (
            <div>
              <strong>{clauseText(p.clause, lang)}</strong>
            </div>
          ) : null}
          {blockers.length > 0 && (
            <ul className="mt-4 mb-0 pl-20">
              {blockers.map((b, i) => (
                <li key={i}>
                  {blockerText(b, lang)}
                  {b.clause ? (lang === 'en' ? ` (${clauseText(b.clause, lang)})` : `（${clauseText(b.clause)}）`) : ''}
                </li>
              ))}
            </ul>
          )}
          {action ? <div className="mt-4">{action}</div> : null}
        </div>
      }
    />
  );
}
