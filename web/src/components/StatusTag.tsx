import type { ReactNode } from 'react';
import type { ApplicationStatus, FilingStatus, ItemStatus } from '../../../contract/enums';
import type { Application } from '../lib/types';
import { useLang, useT } from '../lib/i18n';
import { commonMessages } from './messages';
import { FILING_STATUS_LABELS, applicationStatusLabel, itemStatusLabel } from '../lib/vocab';

/** Status chips with text contrast ≥ 4.5:1 (antd's light tag palettes fall below it): `.chip-<tone>` in global.css. */
export type Tone = 'neutral' | 'info' | 'progress' | 'good' | 'bad' | 'warn';

export function Chip({ tone = 'neutral', children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`chip chip-${tone}`}>{children}</span>;
}

const APP_TONE: Record<ApplicationStatus, Tone> = {
  draft: 'neutral',
  awaiting_recommendation: 'info',
  recommendation_declined: 'warn',
  recommended: 'info',
  submitted: 'progress',
  returned: 'warn',
  rejected: 'bad',
  accepted: 'progress',
  institution_passed: 'good',
  institution_failed: 'bad',
  withdrawn: 'neutral',
};
const ITEM_TONE: Record<ItemStatus, Tone> = {
  pending: 'neutral',
  project_evaluation: 'progress',
  project_submitted: 'progress',
  project_passed: 'good',
  project_failed: 'bad',
  abandoned: 'bad',
  approved: 'good',
  not_approved: 'bad',
  in_publicity: 'info',
  objection_upheld: 'bad',
  filed: 'good',
};

export function ApplicationStatusTag({ status }: { status: ApplicationStatus }) {
  const { lang } = useLang();
  return <Chip tone={APP_TONE[status]}>{applicationStatusLabel(status, lang)}</Chip>;
}
/**
 * An item's status as the applicant reads it: before the centre has accepted the application an item
 * is not 待机构评估 yet — it is not submitted, waiting for acceptance, being corrected, or ended with
 * the application. Pass the application's status to say so.
 */
export function ItemStatusTag({ status, appStatus }: { status: ItemStatus; appStatus?: ApplicationStatus }) {
  const { lang } = useLang();
  const t = useT(commonMessages);
  if (status === 'pending' && appStatus && appStatus !== 'accepted') {
    const key =
      (
        {
          submitted: 'itemAwaitingAcceptance',
          returned: 'itemReturned',
          rejected: 'itemRejected',
          withdrawn: 'itemWithdrawn',
          institution_failed: 'itemInstitutionFailed',
        } as const
      )[appStatus as 'submitted'] ?? 'itemNotSubmitted';
    return <Chip tone={appStatus === 'rejected' || appStatus === 'institution_failed' ? 'bad' : 'neutral'}>{t(key)}</Chip>;
  }
  return <Chip tone={ITEM_TONE[status]}>{itemStatusLabel(status, lang)}</Chip>;
}

/** Item stages that say more than 通过机构评估 once the application has passed it, most pressing first. */
const STAGES: readonly ItemStatus[] = ['in_publicity', 'approved', 'project_submitted', 'project_evaluation', 'project_passed', 'filed'];

/**
 * Where an application stands, for its header: its status until it passed the institution evaluation;
 * then the stage of its items (公示中 during the public notice, not still 通过机构评估).
 */
export function ApplicationStageTag({ app }: { app: Pick<Application, 'status' | 'items'> }) {
  const stage = app.status === 'institution_passed' ? STAGES.find((s) => app.items.some((i) => i.status === s)) : undefined;
  return stage ? <ItemStatusTag status={stage} /> : <ApplicationStatusTag status={app.status} />;
}

const FILING_TONE: Record<FilingStatus, Tone> = { active: 'good', suspended: 'warn', expired: 'neutral', revoked: 'bad' };

/** A filing's status (有效 / 已暂停 / 已过期 / 已撤销), in the page's language. */
export function FilingStatusTag({ status }: { status: FilingStatus }) {
  const { lang } = useLang();
  return <Chip tone={FILING_TONE[status]}>{FILING_STATUS_LABELS[lang][status]}</Chip>;
}
