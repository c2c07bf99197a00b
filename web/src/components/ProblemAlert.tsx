import { Alert } from 'antd';
import { asProblem, clauseText } from '../lib/problem';

/**
 * An API refusal shown next to the action it concerns: the title, the server's Chinese sentence,
 * the notice clause and, for a refused submission, every blocker at once (一次性告知).
 */
export function ProblemAlert({ error, onClose }: { error: unknown; onClose?: () => void }) {
  if (!error) return null;
  const p = asProblem(error);
  const blockers = p.blockers ?? [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      closable={onClose ? { onClose } : false}
      title={p.title}
      description={
        <div>
          <div>{p.detail}</div>
          {p.clause ? <div><strong>{clauseText(p.clause)}</strong></div> : null}
          {blockers.length > 0 && (
            <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
              {blockers.map((b, i) => (
                <li key={i}>
                  {b.detail}
                  {b.clause ? `（${clauseText(b.clause)}）` : ''}
                </li>
              ))}
            </ul>
          )}
        </div>
      }
    />
  );
}
