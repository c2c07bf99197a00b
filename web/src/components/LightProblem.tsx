import { asProblem, clauseText } from '../lib/problem';

/**
 * ProblemAlert without antd, for the public pages that load none of it (directory, verification):
 * the title, the server's Chinese sentence, the clause and every blocker, in a plain alert box.
 */
export function LightProblem({ error }: { error: unknown }) {
  if (!error) return null;
  const p = asProblem(error);
  return (
    <div role="alert" className="light-alert is-error">
      <strong>{p.title}</strong>
      <div>{p.detail}</div>
      {p.clause ? (
        <div>
          <strong>{clauseText(p.clause)}</strong>
        </div>
      ) : null}
      {p.blockers?.length ? (
        <ul>
          {p.blockers.map((b, i) => (
            <li key={i}>
              {b.detail}
              {b.clause ? `（${clauseText(b.clause)}）` : ''}
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
