import type { Application } from '../lib/types';
import type { ItemStatus } from '../../../contract/enums';
import { useT, useLang } from '../lib/i18n';
import { formatDate } from '../lib/format';
import { commonMessages } from './messages';

const STEPS = [
  'stepApply',
  'stepRecommend',
  'stepSubmit',
  'stepAccept',
  'stepInstitution',
  'stepProject',
  'stepApprove',
  'stepPublicity',
  'stepFiling',
  'stepPublish',
] as const;

/** How far an item has come, as a step index, and whether it stopped there. */
function itemStage(s: ItemStatus): { at: number; failed: boolean } {
  switch (s) {
    case 'pending':
    case 'project_evaluation':
    case 'project_submitted':
      return { at: 5, failed: false };
    case 'project_failed':
    case 'abandoned':
      return { at: 5, failed: true };
    case 'project_passed':
      return { at: 6, failed: false };
    case 'not_approved':
      return { at: 6, failed: true };
    case 'approved':
    case 'in_publicity':
      return { at: 7, failed: false };
    case 'objection_upheld':
      return { at: 7, failed: true };
    case 'filed':
      return { at: 10, failed: false };
  }
}

/** The current step of the whole process (三、工作流程) for one application, and whether it failed there. */
export function stageOf(app: Pick<Application, 'status' | 'items'>): { at: number; failed: boolean } {
  switch (app.status) {
    case 'draft':
    case 'recommendation_declined':
      return { at: 0, failed: false };
    case 'awaiting_recommendation':
      return { at: 1, failed: false };
    case 'recommended':
      return { at: 2, failed: false };
    case 'submitted':
    case 'returned':
      return { at: 3, failed: false };
    case 'rejected':
    case 'withdrawn': // 已撤回 by the applicant: the process ended before 受理
      return { at: 3, failed: true };
    case 'accepted':
      return { at: 4, failed: false };
    case 'institution_failed':
      return { at: 4, failed: true };
    case 'institution_passed': {
      const stages = app.items.map((i) => itemStage(i.status));
      const live = stages.filter((s) => !s.failed);
      if (live.length) return { at: Math.max(...live.map((s) => s.at)), failed: false };
      return { at: Math.max(5, ...stages.map((s) => s.at)), failed: true };
    }
  }
}

/** The whole process as a diagram with the current step marked — and the correction / decline branches. */
export function ProcessDiagram({ app }: { app: Application }) {
  const { lang } = useLang();
  const t = useT(commonMessages);
  const { at, failed } = stageOf(app);
  return (
    <figure className="process-figure">
      <figcaption className="process-caption">{t('processTitle')}</figcaption>
      <ol className="process">
        {STEPS.map((key, i) => {
          const cls = i < at ? 'done' : i === at ? (failed ? 'failed' : 'current') : '';
          const state = i < at ? t('stepDone') : i === at ? (failed ? t('stepFailed') : t('currentStep')) : '';
          return (
            <li key={key} className={cls} aria-current={i === at && !failed ? 'step' : undefined}>
              <span className="step-no">{i + 1}</span>
              {t(key)}
              {state ? <span className="sr-only">（{state}）</span> : null}
              {i === at ? (
                <span aria-hidden="true" className="step-state">
                  {state}
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
      {app.status === 'returned' && app.correctionDueOn ? (
        <p className="process-branch">{t('branchReturned', { date: formatDate(app.correctionDueOn, lang) })}</p>
      ) : null}
      {app.status === 'recommendation_declined' ? <p className="process-branch">{t('branchDeclined')}</p> : null}
    </figure>
  );
}
