import { Alert } from 'antd';
import type { Application } from '../lib/types';
import { formatDateTime } from '../lib/format';
import { useT, useLang } from '../lib/i18n';
import { overviewMessages } from './messages';

/**
 * The organisation's eligibility as the applicant should know it (通知 一): a review pending before its
 * applications can be accepted, or the centre's review with its reason. Nothing when eligible by type.
 */
export function EligibilityNotice({ organization }: { organization: Application['organization'] }) {
  const { lang } = useLang();
  const t = useT(overviewMessages);
  const review = organization.eligibilityReview;
  if (organization.eligibility === 'needs_review') return <Alert type="warning" showIcon title={t('eligibility')} description={t('needsReview')} />;
  if (!review) return null;
  return (
    <Alert
      type={review.decision === 'eligible' ? 'success' : 'error'}
      showIcon
      title={`${t('eligibilityReview')}：${review.decision === 'eligible' ? t('eligibleByReview') : t('notEligible')}`}
      description={t('reviewLine', {
        outcome: review.decision === 'eligible' ? t('eligibleByReview') : t('notEligible'),
        reason: review.reason,
        by: review.by,
        at: formatDateTime(review.at, lang),
      })}
    />
  );
}
