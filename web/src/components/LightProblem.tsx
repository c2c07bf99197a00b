import { useLang } from '../lib/i18n';
import { asProblem, blockerText, clauseText, describeProblem } from '../lib/problem';

/**
 * ProblemAlert without antd, for the public pages that load none of it (directory, verification):
 * the title, the server's Chinese sentence, the clause and every blocker, in a plain alert box.
 */
export function LightProblem({ error }: { error: unknown }) {
  const { lang } = useLang();
  if (!error) return null;
  const p = asProblem(error);
  // in English: the title by code (decision 0021); the server's own sentence as written, marked Chinese
  const title = describeProblem(p, lang).title;
  return (
    <div role="alert" className="light-alert is-error">
      <strong>{title}</strong>
      <div lang={lang === 'en' ? 'zh-CN' : undefined}>{p.detail}</div>
      {p.clause ? (
        <div>
          <strong>{clauseText(p.clause, lang)}</strong>
        </div>
      ) : null}
      {p.blockers?.length ? (
        <ul>
          {p.blockers.map((b, i) => (
            <li key={i}>
              {blockerText(b, lang)}
              {b.clause ? (lang === 'en' ? ` (${clauseText(b.clause, lang)})` : `（${clauseText(b.clause)}）`) : ''}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A grey placeholder of `rows` lines while something loads (reserves the space: no layout shift). */
export function Placeholder({ rows = 3 }: { rows?: number }) {
  return (
    <div className="placeholder" aria-hidden="true">
      {Array.from({ length: rows }, (_, i) => (
        <span key={i} />
      ))}
    </div>
  );
}
