import { Card, Descriptions, Table } from 'antd';
import type { Application } from '../lib/types';
import { downloadHref } from '../lib/api';
import { formatDate, formatDateTime, fileSize } from '../lib/format';
import { materialKindText } from '../lib/server-messages';
import { districtName, legalFormLabel, levelsShort } from '../lib/vocab';
import { MATERIAL_KINDS } from '../../../contract/enums';
import { Chip, ItemStatusTag } from './StatusTag';
import { useT, useLang } from '../lib/i18n';
import { overviewMessages } from './messages';

type Item = Application['items'][number];

export function ApplicationOverview({
  app,
  sections = ['org', 'items', 'sites', 'recommendations', 'materials', 'experts', 'inspections'],
}: {
  app: Application;
  sections?: string[];
}) {
  const { lang } = useLang();
  const t = useT(overviewMessages);
  const show = (s: string) => sections.includes(s);
  const itemName = (id?: string) => app.items.find((i) => i.id === id)?.name ?? '';
  const materials = [...app.materials].sort((a, b) => MATERIAL_KINDS.indexOf(a.kind) - MATERIAL_KINDS.indexOf(b.kind));
  return (
    <div className="stack">
      {show('org') && (
        <Card title={t('org')} size="small">
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
            <Descriptions.Item label={t('name')}>{app.organization.name}</Descriptions.Item>
            <Descriptions.Item label={t('uscc')}>
              <span className="nowrap">{app.organization.uscc}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('legalForm')}>{legalFormLabel(app.organization.legalForm, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('district')}>{districtName(app.organization.district, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('address')}>{app.organization.address}</Descriptions.Item>
            <Descriptions.Item label={t('legalRep')}>{app.organization.legalRepresentative}</Descriptions.Item>
            <Descriptions.Item
              label={t('contact')}
            >{`${app.organization.contactName} ${app.organization.contactPhone} ${app.organization.contactEmail}`}</Descriptions.Item>
            <Descriptions.Item label={t('eligibility')}>
              {app.organization.eligibility === 'needs_review' ? (
                <Chip tone="warn">{t('needsReview')}</Chip>
              ) : app.organization.eligibility === 'not_eligible' ? (
                <Chip tone="bad">{t('notEligible')}</Chip>
              ) : app.organization.eligibilityReview ? (
                t('eligibleByReview')
              ) : (
                t('eligible')
              )}
            </Descriptions.Item>
            {app.organization.eligibilityReview ? (
              <Descriptions.Item label={t('eligibilityReview')} span="filled">
                {t('reviewLine', {
                  outcome: app.organization.eligibilityReview.decision === 'eligible' ? t('eligibleByReview') : t('notEligible'),
                  reason: app.organization.eligibilityReview.reason,
                  by: app.organization.eligibilityReview.by,
                  at: formatDateTime(app.organization.eligibilityReview.at, lang),
                })}
              </Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('authority')}>{app.industryAuthority}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {show('items') && (
        <Card title={t('items')} size="small">
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={app.items}
            scroll={{ x: 340 }}
            columns={[
              // on a phone the sequence number folds away; columns nothing fills are left out
              { title: t('seq'), dataIndex: 'seq', width: 64, responsive: ['sm'] },
              { title: t('itemName'), dataIndex: 'name' },
              { title: t('levels'), render: (_, r) => levelsShort(r.levels, lang), width: 130 },
              { title: t('status'), render: (_, r) => <ItemStatusTag status={r.status} appStatus={app.status} /> },
              ...(app.items.some((i) => i.projectEvaluationDueOn)
                ? [
                    {
                      title: t('due'),
                      render: (_: unknown, r: Item) => <span className="nowrap">{formatDate(r.projectEvaluationDueOn, lang)}</span>,
                    },
                  ]
                : []),
              ...(app.items.some((i) => i.filing) ? [{ title: t('receipt'), render: (_: unknown, r: Item) => r.filing?.receiptNo ?? '' }] : []),
            ]}
          />
        </Card>
      )}
      {show('sites') && (
        <Card title={t('sites')} size="small">
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={app.sites}
            scroll={{ x: 480 }}
            columns={[
              { title: t('siteName'), dataIndex: 'name' },
              { title: t('district'), render: (_, r) => districtName(r.district, lang) },
              { title: t('address'), dataIndex: 'address' },
            ]}
          />
        </Card>
      )}
      {show('recommendations') && (
        <Card title={t('recommendations')} size="small">
          <Table
            size="small"
            rowKey={(r) => `${r.role}-${r.district ?? r.authority}`}
            pagination={false}
            dataSource={app.requiredRecommendations}
            scroll={{ x: 560 }}
            columns={[
              { title: t('who'), render: (_, r) => (r.role === 'district_hr' ? t('districtHr', { district: districtName(r.district, lang) }) : r.authority) },
              {
                title: t('decision'),
                render: (_, r) =>
                  r.decision === 'recommend' ? (
                    <Chip tone="good">{t('recommend')}</Chip>
                  ) : r.decision === 'decline' ? (
                    <Chip tone="bad">{t('decline')}</Chip>
                  ) : (
                    <Chip>{t('pending')}</Chip>
                  ),
              },
              {
                title: t('comment'),
                render: (_, r) => {
                  const last = [...app.recommendations]
                    .reverse()
                    .find((x) => x.role === r.role && (r.role === 'district_hr' ? x.district === r.district : true));
                  if (!last) return '';
                  const letter = last.letterMaterialId ? app.materials.find((mm) => mm.id === last.letterMaterialId) : undefined;
                  return (
                    <span>
                      {last.comment} <span className="muted">{formatDateTime(last.at, lang)}</span>
                      {/* underlined: within wrapped text a link is told apart by more than its colour (WCAG 1.4.1) */}
                      {letter ? (
                        <>
                          {' '}
                          ·{' '}
                          <a href={downloadHref(`/applications/${app.id}/materials/${letter.id}`)} className="underline">
                            {t('letter')}
                          </a>
                        </>
                      ) : null}
                      {last.recordedBy ? <div className="muted">{t('recordedBy', { name: last.recordedBy.displayName })}</div> : null}
                    </span>
                  );
                },
              },
            ]}
          />
        </Card>
      )}
      {show('materials') && (
        <Card title={t('materials')} size="small">
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={materials}
            scroll={{ x: 340 }}
            locale={{ emptyText: t('none') }}
            columns={[
              {
                title: t('kind'),
                render: (_, r) => materialKindText(r.kind, lang) + (r.itemId ? (lang === 'en' ? ` (${itemName(r.itemId)})` : `（${itemName(r.itemId)}）`) : ''),
              },
              {
                // the file with its size and upload time under it: no column cut at 390 px
                title: t('file'),
                render: (_, r) => (
                  <span className="break-all">
                    <a href={downloadHref(`/applications/${app.id}/materials/${r.id}`)}>{r.fileName}</a>
                    <div className="muted fs-12">{`${fileSize(r.size)} · ${formatDateTime(r.uploadedAt, lang)}`}</div>
                  </span>
                ),
              },
            ]}
          />
        </Card>
      )}
      {show('experts') && app.experts.length > 0 && (
        <Card title={t('experts')} size="small">
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={app.experts}
            scroll={{ x: 560 }}
            columns={[
              { title: t('expert'), dataIndex: 'displayName', width: 130 },
              {
                title: t('score'),
                width: 64,
                render: (_, e) => {
                  const r = app.expertReviews.find((x) => x.expertId === e.id);
                  if (!r) return <Chip>{t('notReviewed')}</Chip>;
                  if (r.conflictOfInterest) return <Chip tone="warn">{t('conflict')}</Chip>;
                  return `${r.score ?? ''}`;
                },
              },
              {
                title: t('result'),
                render: (_, e) => {
                  const r = app.expertReviews.find((x) => x.expertId === e.id);
                  if (!r || r.conflictOfInterest || !r.recommendation) return '';
                  return r.recommendation === 'pass' ? <Chip tone="good">{t('pass')}</Chip> : <Chip tone="bad">{t('fail')}</Chip>;
                },
              },
              { title: t('opinion'), render: (_, e) => app.expertReviews.find((x) => x.expertId === e.id)?.opinion ?? '' },
            ]}
          />
        </Card>
      )}
      {show('inspections') && app.siteInspections.length > 0 && (
        <Card title={t('inspections')} size="small">
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={app.siteInspections}
            scroll={{ x: 560 }}
            columns={[
              { title: t('sites'), render: (_, r) => app.sites.find((s) => s.id === r.siteId)?.name ?? '' },
              { title: t('inspectedOn'), render: (_, r) => <span className="nowrap">{formatDate(r.inspectedOn, lang)}</span> },
              { title: t('inspectors'), render: (_, r) => r.inspectors.join('、') },
              { title: t('findings'), dataIndex: 'findings' },
              {
                title: t('result'),
                width: 84,
                render: (_, r) => (r.result === 'pass' ? <Chip tone="good">{t('pass')}</Chip> : <Chip tone="bad">{t('fail')}</Chip>),
              },
            ]}
          />
        </Card>
      )}
    </div>
  );
}
