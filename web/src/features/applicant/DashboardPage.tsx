import { Alert, Card, List, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Countdown } from '../../components/Countdown';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { ApplicationStatusTag, Chip, FilingStatusTag } from '../../components/StatusTag';
import { downloadHref, get } from '../../lib/api';
import { useT, useLang } from '../../lib/i18n';
import { formatDate, formatDateTime, humanizeDates, shanghaiDate } from '../../lib/format';
import { currentCampaign, useCampaigns, useClock, useInbox } from '../../lib/queries';
import type { ApplicationSummary, Filing, Paged } from '../../lib/types';
import { levelsShort } from '../../lib/vocab';
import { inboxText } from '../../lib/server-messages';
import { applicantMessages } from './messages';

const EDITABLE = ['draft', 'recommendation_declined', 'awaiting_recommendation', 'recommended', 'returned'];

export default function DashboardPage() {
  const { lang } = useLang();
  const t = useT(applicantMessages);
  const campaigns = useCampaigns();
  const clock = useClock();
  const nowMs = Date.now() + (clock.data?.offsetMs ?? 0);
  const current = currentCampaign(campaigns.data, nowMs);
  const apps = useQuery({ queryKey: ['applications', 'mine'], queryFn: () => get<Paged<ApplicationSummary>>('/applications') });
  const filings = useQuery({ queryKey: ['filings', 'mine'], queryFn: () => get<{ items: Filing[] }>('/filings') });
  const inbox = useInbox({ pageSize: 5 });
  const mineInCurrent = apps.data?.items.find((a) => a.campaignId === current?.id);
  const open = current && nowMs >= Date.parse(current.opensAt) && nowMs < Date.parse(current.closesAt);

  return (
    <Page title={t('dashTitle')} subtitle={t('timezoneNote')}>
      {current ? (
        <Card title={<h2 className="card-title">{t('currentCall')}</h2>}>
          <p className="mt-0">
            <span lang="zh-CN">
              <strong>{current.title}</strong>（{current.docNumber}）
            </span>
            {lang === 'en' ? (
              <>
                <br />
                <span className="muted">{t('callGloss')}</span>
              </>
            ) : null}
          </p>
          <p>
            {t('window', {
              from: formatDate(shanghaiDate(current.opensAt), lang),
              to: formatDate(shanghaiDate(new Date(Date.parse(current.closesAt) - 1)), lang),
              closing: t('closingRule'),
            })}
          </p>
          {open ? (
            <>
              <div className="muted mb-4">{t('closesIn')}</div>
              <Countdown until={current.closesAt} />
            </>
          ) : nowMs < Date.parse(current.opensAt) ? (
            <Alert type="info" showIcon title={t('windowNotOpen')} />
          ) : (
            <Alert type="warning" showIcon title={t('windowClosed')} />
          )}
          <div className="mt-12">
            {mineInCurrent ? (
              <Link
                className="link-btn primary"
                to={
                  EDITABLE.includes(mineInCurrent.status) && mineInCurrent.status !== 'awaiting_recommendation'
                    ? `/app/my/applications/${mineInCurrent.id}/edit`
                    : `/app/my/applications/${mineInCurrent.id}`
                }
              >
                {EDITABLE.includes(mineInCurrent.status) ? t('continue') : t('view')}
              </Link>
            ) : open ? (
              <Link className="link-btn primary" to={`/app/my/applications/new/edit?campaign=${current.id}`}>
                {t('start')}
              </Link>
            ) : null}
          </div>
        </Card>
      ) : null}

      <Card title={<h2 className="card-title">{t('myApplications')}</h2>}>
        <QueryState query={apps}>
          {(data) => (
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={data.items}
              locale={{ emptyText: t('noApplications') }}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: t('call'), render: (_, r) => <span lang="zh-CN">{campaigns.data?.find((c) => c.id === r.campaignId)?.docNumber ?? ''}</span> },
                { title: t('status'), render: (_, r) => <ApplicationStatusTag status={r.status} /> },
                { title: t('items'), dataIndex: 'itemCount' },
                { title: t('submittedAt'), render: (_, r) => formatDateTime(r.submittedAt, lang) },
                { title: t('updatedAt'), render: (_, r) => formatDateTime(r.updatedAt, lang) },
                {
                  title: t('actions'),
                  render: (_, r) => (
                    <span className="row gap-8">
                      <Link to={`/app/my/applications/${r.id}`}>{t('view')}</Link>
                      {['draft', 'recommendation_declined', 'returned'].includes(r.status) ? (
                        <Link to={`/app/my/applications/${r.id}/edit`}>{r.status === 'returned' ? t('correct') : t('continue')}</Link>
                      ) : null}
                      {r.correctionDueOn ? <Chip tone="warn">{t('correctionDue', { date: formatDate(r.correctionDueOn, lang) })}</Chip> : null}
                    </span>
                  ),
                },
              ]}
            />
          )}
        </QueryState>
      </Card>

      <Card title={<h2 className="card-title">{t('myFilings')}</h2>}>
        <QueryState query={filings}>
          {(data) => (
            <Table
              size="small"
              rowKey="receiptNo"
              pagination={false}
              dataSource={data.items}
              locale={{ emptyText: t('noFilings') }}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: t('receiptNo'), dataIndex: 'receiptNo' },
                { title: t('item'), dataIndex: 'itemName' },
                { title: t('levels'), render: (_, f) => levelsShort(f.levels, lang) },
                { title: t('filedOn'), render: (_, f) => formatDate(f.filedOn, lang) },
                { title: t('validUntil'), render: (_, f) => formatDate(f.validUntil, lang) },
                {
                  title: t('filingStatus'),
                  render: (_, f) => (
                    <div className="stack stack-tight">
                      <span>
                        <FilingStatusTag status={f.status} />
                      </span>
                      {f.status === 'suspended' && f.suspendedAt ? (
                        <span className="muted">{t('filingSuspended', { at: formatDateTime(f.suspendedAt, lang), reason: f.suspendReason ?? '' })}</span>
                      ) : null}
                      {f.reportedAt ? <span className="muted">{t('filingReported', { date: formatDate(shanghaiDate(f.reportedAt), lang) })}</span> : null}
                    </div>
                  ),
                },
                {
                  title: t('actions'),
                  render: (_, f) => (
                    <span className="row gap-8">
                      <a href={downloadHref(`/filings/${f.receiptNo}/receipt.pdf`)}>{t('downloadReceipt')}</a>
                      <Link to={`/verify/${f.receiptNo}`}>{t('verify')}</Link>
                    </span>
                  ),
                },
              ]}
            />
          )}
        </QueryState>
      </Card>

      {inbox.data ? (
        <Card title={<h2 className="card-title">{t('inbox')}</h2>} extra={<Link to="/app/inbox">{t('inboxAll')}</Link>}>
          <List
            size="small"
            dataSource={inbox.data.items}
            renderItem={(n) => (
              <List.Item>
                <span>
                  {!n.readAt ? <Chip tone="info">{t('unread')}</Chip> : null} <strong>{humanizeDates(inboxText(n, lang).title, lang)}</strong>{' '}
                  <span className="muted">{formatDateTime(n.createdAt, lang)}</span>
                  <div lang={lang === 'en' && !inboxText(n, lang).body ? 'zh-CN' : undefined}>{inboxText(n, lang).body ?? humanizeDates(n.body, lang)}</div>
                </span>
              </List.Item>
            )}
          />
        </Card>
      ) : null}
    </Page>
  );
}
