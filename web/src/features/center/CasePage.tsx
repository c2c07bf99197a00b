import { Card, Col, Row } from 'antd';
import { useParams } from 'react-router';
import { ApplicationOverview } from '../../components/ApplicationOverview';
import { HistoryTimeline } from '../../components/HistoryTimeline';
import { Page } from '../../components/Page';
import { ProcessDiagram } from '../../components/ProcessDiagram';
import { QueryState } from '../../components/QueryState';
import { ApplicationStatusTag } from '../../components/StatusTag';
import { zh } from '../../lib/i18n';
import { useApplication } from '../../lib/queries';
import { CaseActions } from './CaseActions';
import { centerMessages } from './messages';

const t = zh(centerMessages);

export default function CasePage() {
  const { id } = useParams();
  const app = useApplication(id);
  return (
    <QueryState query={app}>
      {(a) => (
        <Page title={t('caseTitle', { name: a.organization.name })} extra={<ApplicationStatusTag status={a.status} />}>
          <Card>
            <ProcessDiagram app={a} />
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <ApplicationOverview app={a} />
            </Col>
            <Col xs={24} xl={10}>
              <div className="stack">
                <section aria-label={t('actions')}>
                  <CaseActions app={a} />
                </section>
                <Card size="small" title={<h2 className="card-title-sm">{t('history')}</h2>}>
                  <HistoryTimeline history={a.history} />
                </Card>
              </div>
            </Col>
          </Row>
        </Page>
      )}
    </QueryState>
  );
}
