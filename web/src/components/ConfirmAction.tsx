import { Alert, App, Progress } from 'antd';
import { useCallback, useState, type ReactNode } from 'react';
import { zh } from '../lib/i18n';
import { clauseText } from '../lib/problem';
import { confirmMessages } from './confirm-messages';
import { ProblemAlert } from './ProblemAlert';

export { CLAUSE } from './confirm-messages';

const t = zh(confirmMessages);

/**
 * One confirmation for every irreversible official step (issue 13, point 1): it restates what will
 * happen, to what (a batch lists every item), what follows from it, and the notice clause; its OK
 * button says what it does. Cancelling changes nothing. `run` is awaited while the button spins;
 * a refusal is the caller's to show (next to its action, with ProblemAlert), so the dialog closes.
 */
export interface ConfirmSpec {
  /** a question naming the act: 确认受理“某单位”的申报？ */
  title: string;
  /** what will happen, in a sentence */
  what: ReactNode;
  /** the items it acts on (batches) */
  items?: readonly ReactNode[];
  /** what follows: final, deadlines fixed, who is told */
  consequence?: ReactNode;
  /** the notice clause, e.g. 三(二) */
  clause?: string;
  /** the OK button: the act itself (同意备案, 受理, 发布公示), never 确定 */
  okText: string;
  danger?: boolean;
  run: () => Promise<unknown>;
}

export function ConfirmBody({ what, items, consequence, clause }: Pick<ConfirmSpec, 'what' | 'items' | 'consequence' | 'clause'>) {
  return (
    <div className="stack confirm-body gap-8">
      <div>
        <strong>{t('what')}：</strong>
        {what}
      </div>
      {items?.length ? (
        <div>
          <div>{t('items', { n: items.length })}：</div>
          <ul className="confirm-list">
            {items.map((it, i) => (
              <li key={i}>{it}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {consequence ? (
        <div>
          <strong>{t('consequence')}：</strong>
          {consequence}
        </div>
      ) : null}
      {clause ? (
        <div className="muted">
          {t('basis')}：{clauseText(clause)}
        </div>
      ) : null}
    </div>
  );
}

/** Opens the confirmation (antd's App modal, so it takes the theme and the locale). */
export function useConfirm(): (spec: ConfirmSpec) => void {
  const { modal } = App.useApp();
  return useCallback(
    (spec: ConfirmSpec) => {
      modal.confirm({
        title: spec.title,
        content: <ConfirmBody what={spec.what} items={spec.items} consequence={spec.consequence} clause={spec.clause} />,
        okText: spec.okText,
        cancelText: t('cancel'),
        okButtonProps: { danger: spec.danger },
        width: 520,
        onOk: () => spec.run().catch(() => {}),
      });
    },
    [modal],
  );
}

/** One item of a batch and how its request ended. */
export interface BatchResult {
  key: string;
  label: string;
  error?: unknown;
}

/**
 * A batch of the same step on several items, without a batch endpoint: one request after another
 * (the server locks and decides each on its own), with progress and a result per item; a refusal
 * keeps the server's message. Items already done stay done when a later one is refused.
 */
export function useBatch<I extends { key: string; label: string }>(step: (item: I) => Promise<unknown>) {
  const [state, setState] = useState<{ total: number; results: BatchResult[]; running: boolean } | null>(null);
  const run = useCallback(
    async (items: readonly I[]) => {
      const results: BatchResult[] = [];
      setState({ total: items.length, results: [], running: true });
      for (const item of items) {
        try {
          await step(item);
          results.push({ key: item.key, label: item.label });
        } catch (error) {
          results.push({ key: item.key, label: item.label, error });
        }
        setState({ total: items.length, results: [...results], running: true });
      }
      setState({ total: items.length, results, running: false });
      return results;
    },
    [step],
  );
  return { state, run, reset: () => setState(null) };
}

/** The batch's progress and, once done, every item's outcome (a refusal with its reason). */
export function BatchProgress({ state, label }: { state: { total: number; results: BatchResult[]; running: boolean } | null; label: string }) {
  if (!state) return null;
  const failed = state.results.filter((r) => r.error).length;
  const ok = state.results.length - failed;
  return (
    <section aria-label={label} className="stack stack-tight">
      <Progress
        percent={Math.round((state.results.length / Math.max(1, state.total)) * 100)}
        status={state.running ? 'active' : failed ? 'exception' : 'success'}
        aria-label={t('batchProgress', { done: state.results.length, total: state.total })}
      />
      <div role="status">
        {state.running ? t('batchProgress', { done: state.results.length, total: state.total }) : t('batchSummary', { total: state.total, ok, failed })}
      </div>
      {state.results.length ? (
        <ul aria-label={t('batchResults')} className="stack list-none m-0 p-0 gap-8">
          {state.results.map((r) => (
            <li key={r.key}>
              {r.error ? (
                <>
                  <div>{`${r.label} — ${t('batchFailed')}`}</div>
                  <ProblemAlert error={r.error} />
                </>
              ) : (
                <Alert type="success" showIcon title={`${r.label} — ${t('batchOk')}`} />
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
