import { Alert, Card, Col, Row } from 'antd';
import { Link, useParams } from 'react-router';
import { ApplicationOverview } from '../../components/ApplicationOverview';
import { EligibilityNotice } from '../../components/EligibilityNotice';
import { ChecklistPanel } from '../../components/ChecklistPanel';
import { HistoryTimeline } from '../../components/HistoryTimeline';
import { Page } from '../../components/Page';
import { ProcessDiagram } from '../../components/ProcessDiagram';
import { QueryState } from '../../components/QueryState';
import { ApplicationStageTag } from '../../components/StatusTag';
import { downloadHref } from '../../lib/api';
import { useT, useLang } from '../../lib/i18n';
import { formatDate, formatDateTime } from '../../lib/format';
import { useApplication, useChecklist } from '../../lib/queries';
import type { Application } from '../../lib/types';
import { applicantMessages } from './messages';
import { ProjectSubmission } from './ProjectSubmission';
import { SubmitStep } from './ProgressSteps';
import { Withdrawal, WithdrawnNotice } from './Withdrawal';

/** The reason the centre gave when it returned or rejected: the newest such entry of the history. */
function lastNote(app: Application, to: string): string {
  return [...app.history].reverse().find((h) => h.to === to)?.note ?? '';
}

/** 一(一)–(六) all declared, as the server holds them. */
function declaredAll(app: Application): boolean {
  return !!app.declarations && Object.values(app.declarations.clauses).every(Boolean);
}

/** After submission: where the application stands, what happened (who/when/why), downloads. */
export default function ApplicationPage() {
  const { lang } = useLang();
  const t = useT(applicantMessages);
  const { id } = useParams();
  const app = useApplication(id);
  const waiting = app.data && ['draft', 'awaiting_recommendation', 'recommendation_declined', 'recommended', 'returned'].includes(app.data.status);
  const checklist = useChecklist(id, !!waiting);
  return (
    <QueryState query={app}>
      {(a) => (
        <Page
          title={`${t('appTitle')} · ${a.organization.name}`}
          extra={<ApplicationStageTag app={a} />}
          subtitle={
            a.submittedAt
              ? lang === 'en'
                ? `${t('submittedAt')}: ${formatDateTime(a.submittedAt, lang)}. ${t('timezoneNote')}`
                : `${t('submittedAt')}：${formatDateTime(a.submittedAt, lang)}。${t('timezoneNote')}`
              : t('timezoneNote')
          }
        >
          <Card>
            <ProcessDiagram app={a} />
          </Card>
          {a.status === 'returned' && a.correctionDueOn ? (
            <Alert
              type="warning"
              showIcon
              title={t('returnedTitle')}
              description={
                <div>
                  <p className="m-0">{t('returnedBody', { reason: lastNote(a, 'returned') || '—', date: formatDate(a.correctionDueOn, lang) })}</p>
                  <Link className="link-btn primary mt-8" to={`/app/my/applications/${a.id}/edit?step=3`}>
                    {t('goCorrect')}
                  </Link>
                </div>
              }
            />
          ) : null}
          <WithdrawnNotice app={a} />
          <EligibilityNotice organization={a.organization} />
          {a.status === 'rejected' ? <Alert type="error" showIcon title={t('rejectedTitle')} description={lastNote(a, 'rejected')} /> : null}
          {waiting ? (
            <div className="row">
              <Link className="link-btn primary" to={`/app/my/applications/${a.id}/edit`}>
                {a.status === 'returned' ? t('correct') : t('continue')}
              </Link>
            </div>
          ) : null}
          {waiting && checklist.data?.ready && declaredAll(a) ? (
            // ready: 提交 right here, not five 下一步 away in the wizard
            <Card size="small" title={<h2 className="card-title-sm">{t('readyTitle')}</h2>}>
              <SubmitStep app={a} checklist={checklist.data} declared beforeSubmit={async () => {}} />
            </Card>
          ) : waiting ? (
            <ChecklistPanel checklist={checklist.data} />
          ) : null}
          <Withdrawal app={a} />
          <ProjectSubmission app={a} />
          <Card size="small" title={<h2 className="card-title-sm">{t('downloads')}</h2>}>
            <ul className="m-0 pl-18">
              <li>
                <a href={downloadHref(`/applications/${a.id}/form.pdf`)}>{t('formPdfShort')}</a>
              </li>
              {a.items
                .filter((i) => i.filing)
                .map((i) => (
                  <li key={i.id}>
                    <a href={downloadHref(`/filings/${i.filing!.receiptNo}/receipt.pdf`)}>{t('receipt', { no: i.filing!.receiptNo })}</a>（{i.name}）{' '}
                    <Link to={`/verify/${i.filing!.receiptNo}`}>{t('verify')}</Link>
                  </li>
                ))}
            </ul>
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={9}>
              <Card size="small" title={<h2 className="card-title-sm">{t('history')}</h2>}>
                <HistoryTimeline history={a.history} />
              </Card>
            </Col>
            <Col xs={24} lg={15}>
              <h2 className="fs-15">{t('overview')}</h2>
              <ApplicationOverview app={a} sections={['items', 'sites', 'recommendations', 'materials']} />
            </Col>
          </Row>
        </Page>
      )}
    </QueryState>
  );
}
