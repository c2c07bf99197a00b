import { Card, Col, Row } from 'antd';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import type { Application } from '../lib/types';
import { useApplication } from '../lib/queries';
import { ApplicationOverview } from './ApplicationOverview';
import { HistoryTimeline } from './HistoryTimeline';
import { Page } from './Page';
import { ProcessDiagram } from './ProcessDiagram';
import { QueryState } from './QueryState';
import { ApplicationStatusTag } from './StatusTag';
import { zh } from '../lib/i18n';
import { caseLayoutMessages } from './case-layout-messages';

const t = zh(caseLayoutMessages);

/**
 * An official's page of one application (the id from the route): its title and status, a way back to
 * the work list, the application on the left (the sections this role reads), and on the right what
 * this role does with it, then the case's history. The centre also sees the process diagram on top.
 */
export function CaseLayout({
  title,
  back,
  sections,
  diagram = false,
  history = true,
  wide = 14,
  actionsLabel,
  children,
}: {
  title: (a: Application) => string;
  /** the work list this page was opened from */
  back?: { to: string; label: string };
  /** ApplicationOverview's sections for this role (all of them when absent) */
  sections?: string[];
  diagram?: boolean;
  history?: boolean;
  /** the overview's share of 24 columns on a wide screen */
  wide?: number;
  /** names the actions' region for screen readers */
  actionsLabel?: string;
  children: (a: Application) => ReactNode;
}) {
  const { id } = useParams();
  const app = useApplication(id);
  return (
    <QueryState query={app}>
      {(a) => (
        <Page title={title(a)} extra={<ApplicationStatusTag status={a.status} />}>
          {back ? <Link to={back.to}>{back.label}</Link> : null}
          {diagram ? (
            <Card>
              <ProcessDiagram app={a} />
            </Card>
          ) : null}
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={wide}>
              <ApplicationOverview app={a} {...(sections ? { sections } : {})} />
            </Col>
            <Col xs={24} lg={24 - wide}>
              <div className="stack">
                <section aria-label={actionsLabel ?? t('actions')}>{children(a)}</section>
                {history ? (
                  <Card size="small" title={<h2 className="card-title-sm">{t('history')}</h2>}>
                    <HistoryTimeline history={a.history} />
                  </Card>
                ) : null}
              </div>
            </Col>
          </Row>
        </Page>
      )}
    </QueryState>
  );
}
