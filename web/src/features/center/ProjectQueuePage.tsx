import { Table, Tabs } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { ItemStatusTag } from '../../components/StatusTag';
import { zh } from '../../lib/i18n';
import { formatDate } from '../../lib/format';
import { levelsShort } from '../../lib/vocab';
import { serverPagination, useWorkCounts, useWorkPage, useWorkParams, type ApplicationItemSummary, type WorkTab } from '../../lib/work-lists';
import { ProjectBatch } from './ProjectBatch';
import { centerMessages } from './messages';

const t = zh(centerMessages);

/** 待我评估: the earliest 3-month date first; 已作出结论: the latest first. */
const DEFAULT_SORT: Record<WorkTab, string> = { mine: 'dueOn', handled: '-updatedAt', all: '-updatedAt' };
const label = (r: ApplicationItemSummary) => `${r.organizationName} — ${r.name}（${levelsShort(r.levels)}）`;

/**
 * The centre's project evaluations item by item across applications (issues 10 and 13): 待我评估
 * (items under project evaluation, paged and counted by the server, GET /application-items?queue=)
 * apart from those it concluded; several items of one result — of one case or of several — ticked
 * in the table and concluded in one confirmation.
 */
export default function ProjectQueuePage() {
  const { tab, page, sort, setTab, setPage } = useWorkParams(DEFAULT_SORT);
  const counts = useWorkCounts('/application-items');
  const list = useWorkPage('/application-items', tab === 'all' ? 'handled' : tab, page, sort);
  const [selected, setSelected] = useState<string[]>([]);
  const n = (k: 'mine' | 'handled') => (counts.data ? counts.data[k] : '…');
  const columns = [
    {
      title: t('org'),
      render: (_: unknown, r: ApplicationItemSummary) => <Link to={`/app/center/applications/${r.applicationId}`}>{r.organizationName}</Link>,
    },
    { title: t('projectsItem'), render: (_: unknown, r: ApplicationItemSummary) => r.name },
    { title: t('projectsLevels'), render: (_: unknown, r: ApplicationItemSummary) => levelsShort(r.levels) },
    { title: t('status'), render: (_: unknown, r: ApplicationItemSummary) => <ItemStatusTag status={r.status} /> },
    {
      title: t('projectsDue'),
      render: (_: unknown, r: ApplicationItemSummary) => (r.projectEvaluationDueOn ? formatDate(r.projectEvaluationDueOn) : ''),
    },
  ];
  return (
    <Page title={t('projectsTitle')} subtitle={t('projectsIntro')}>
      <Tabs
        aria-label={t('projectsTitle')}
        activeKey={tab === 'handled' ? 'handled' : 'mine'}
        onChange={(k) => {
          setSelected([]);
          setTab(k as WorkTab);
        }}
        destroyOnHidden
        items={[
          {
            key: 'mine',
            label: t('projectsTabMine', { n: n('mine') }),
            children: (
              <QueryState query={list}>
                {(data) => (
                  <div className="stack">
                    {/* scrolled by its box (see the bureau's queue: antd's scroll.x hides the selection from axe) */}
                    <div className="scroll-x" tabIndex={0} role="region" aria-label={t('projectsItems')}>
                      <Table
                        rowKey="id"
                        size="small"
                        className="minw-640"
                        dataSource={data.items}
                        pagination={serverPagination(data.total, page, setPage)}
                        locale={{ emptyText: t('projectsNone') }}
                        rowSelection={{
                          selectedRowKeys: selected,
                          onChange: (keys) => setSelected(keys as string[]),
                          getCheckboxProps: (r: ApplicationItemSummary) => ({
                            'aria-label': t('projectsSelectRow', { org: r.organizationName, item: r.name }),
                          }),
                        }}
                        columns={columns}
                      />
                    </div>
                    <ProjectBatch candidates={data.items.map((r) => ({ key: r.id, label: label(r) }))} selected={selected} onDone={() => setSelected([])} />
                  </div>
                )}
              </QueryState>
            ),
          },
          {
            key: 'handled',
            label: t('projectsTabDone', { n: n('handled') }),
            children: (
              <QueryState query={list}>
                {(data) => (
                  <Table
                    rowKey="id"
                    size="small"
                    dataSource={data.items}
                    pagination={serverPagination(data.total, page, setPage)}
                    scroll={{ x: 640 }}
                    columns={columns}
                  />
                )}
              </QueryState>
            ),
          },
        ]}
      />
    </Page>
  );
}
