import { Alert, App, Button, Card } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT, useLang } from '../../lib/i18n';
import { formatDateTime } from '../../lib/format';
import { keys } from '../../lib/queries';
import type { Application } from '../../lib/types';
import { withdrawApplication } from './api';
import { applicantMessages } from './messages';

/** The states in which the applicant may still withdraw: every one before the centre's acceptance. */
export const WITHDRAWABLE: readonly Application['status'][] = [
  'draft',
  'awaiting_recommendation',
  'recommendation_declined',
  'recommended',
  'submitted',
  'returned',
];

/** Was the application ever submitted? Then its items count for the one-year rule whatever happens next. */
const everSubmitted = (app: Application) => !!app.submittedAt || app.history.some((h) => h.to === 'submitted');

/**
 * 撤回申报 (api-v1 "Withdrawal"): before acceptance, final. The confirmation says what it means: it
 * cannot be undone, no second application in this call, and a submitted application still counts
 * for the one-year rule (三(四)). A refusal (e.g. accepted meanwhile) stays shown with its reason.
 */
export function Withdrawal({ app }: { app: Application }) {
  const t = useT(applicantMessages);
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const withdraw = useMutation({
    mutationFn: () => withdrawApplication(app.id),
    onSuccess: (a) => {
      qc.setQueryData(keys.application(app.id), a);
      void qc.invalidateQueries({ queryKey: ['applications'] });
    },
    // the application changed meanwhile (accepted, say): show it as it is now, with the refusal
    onError: () => void qc.invalidateQueries({ queryKey: keys.application(app.id) }),
  });
  const open = WITHDRAWABLE.includes(app.status);
  if (!open && !withdraw.error) return null;
  const submitted = everSubmitted(app);
  const ask = () =>
    modal.confirm({
      title: t('withdrawConfirmTitle'),
      content: (
        <ul className="m-0 pl-18">
          <li>{t('withdrawFinal')}</li>
          <li>{submitted ? t('withdrawCounts') : t('withdrawNotCounted')}</li>
        </ul>
      ),
      okText: t('withdrawOk'),
      okButtonProps: { danger: true },
      cancelText: t('withdrawCancel'),
      onOk: () => withdraw.mutateAsync().catch(() => {}),
    });
  return (
    <Card size="small" title={<h2 className="card-title-sm">{t('withdrawTitle')}</h2>}>
      {open ? <p className="mt-0">{t('withdrawIntro')}</p> : null}
      {withdraw.error ? (
        <div className="mb-12">
          <ProblemAlert error={withdraw.error} />
        </div>
      ) : null}
      {open ? (
        <Button danger onClick={ask} loading={withdraw.isPending}>
          {t('withdraw')}
        </Button>
      ) : null}
    </Card>
  );
}

/** After withdrawal: said plainly at the top of the application, with when and what still counts. */
export function WithdrawnNotice({ app }: { app: Application }) {
  const { lang } = useLang();
  const t = useT(applicantMessages);
  if (app.status !== 'withdrawn') return null;
  const at = [...app.history].reverse().find((h) => h.to === 'withdrawn')?.at;
  return (
    <Alert
      type="info"
      showIcon
      title={t('withdrawnTitle', { at: at ? formatDateTime(at, lang) : '—' })}
      description={everSubmitted(app) ? t('withdrawnCounts') : t('withdrawnNotCounted')}
    />
  );
}
