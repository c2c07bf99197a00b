import { Button, Form, Input, Select, Table } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { FilingStatusTag } from '../../components/StatusTag';
import { get } from '../../lib/api';
import { useLang, useT } from '../../lib/i18n';
import { formatDate } from '../../lib/format';
import { currentCampaign, useCampaignItems, useCampaigns } from '../../lib/queries';
import type { DirectoryEntry } from '../../lib/types';
import { DISTRICTS, districtName, levelsShort } from '../../lib/vocab';
import { directoryMessages } from './messages';

interface Filters {
  q?: string;
  itemSeq?: number;
  level?: number;
  district?: string;
}

/** The directory's search lives in the URL (?q=&itemSeq=&level=&district=&page=), so results can be shared. */
export default function DirectoryPage() {
  const t = useT(directoryMessages);
  const { lang } = useLang();
  const [params, setParams] = useSearchParams();
  const query = useMemo(
    () => ({
      q: params.get('q') ?? undefined,
      itemSeq: params.get('itemSeq') ? Number(params.get('itemSeq')) : undefined,
      level: params.get('level') ? Number(params.get('level')) : undefined,
      district: params.get('district') ?? undefined,
      page: Number(params.get('page') ?? 1) || 1,
      pageSize: Number(params.get('pageSize') ?? 10) || 10,
    }),
    [params],
  );
  const [form] = Form.useForm<Filters>();
  useEffect(() => {
    form.setFieldsValue({ q: query.q, itemSeq: query.itemSeq, level: query.level, district: query.district });
  }, [form, query]);
  const campaigns = useCampaigns();
  const catalogue = useCampaignItems(currentCampaign(campaigns.data, Date.now())?.id);
  const result = useQuery({
    queryKey: ['directory', query],
    queryFn: () => get<{ total: number; items: DirectoryEntry[] }>('/public/organizations', query),
    placeholderData: keepPreviousData,
  });
  const apply = (f: Filters, page = 1, pageSize = query.pageSize) => {
    const next = new URLSearchParams();
    if (f.q?.trim()) next.set('q', f.q.trim());
    if (f.itemSeq) next.set('itemSeq', String(f.itemSeq));
    if (f.level) next.set('level', String(f.level));
    if (f.district) next.set('district', f.district);
    if (page > 1) next.set('page', String(page));
    if (pageSize !== 10) next.set('pageSize', String(pageSize));
    setParams(next);
  };

  return (
    <Page title={t('title')} subtitle={t('intro')}>
      <Form form={form} layout="inline" onFinish={(f) => apply(f)} style={{ rowGap: 8 }} role="search">
        <Form.Item name="q" label={t('q')}>
          <Input allowClear style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="itemSeq" label={t('item')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('itemAll')}
            style={{ width: 240 }}
            options={(catalogue.data ?? []).map((i) => ({ value: i.seq, label: `${i.seq}. ${i.name}` }))}
          />
        </Form.Item>
        <Form.Item name="level" label={t('level')}>
          <Select allowClear placeholder={t('levelAll')} style={{ width: 140 }} options={[5, 4, 3].map((l) => ({ value: l, label: levelsShort([l], lang) }))} />
        </Form.Item>
        <Form.Item name="district" label={t('district')}>
          <Select allowClear placeholder={t('districtAll')} style={{ width: 150 }} options={DISTRICTS.map((d) => ({ value: d.code, label: lang === 'en' ? d.en : d.name }))} />
        </Form.Item>
        <Form.Item>
          <div className="row" style={{ gap: 8 }}>
            <Button type="primary" htmlType="submit">{t('search')}</Button>
            <Button onClick={() => { form.resetFields(); apply({}); }}>{t('reset')}</Button>
          </div>
        </Form.Item>
      </Form>
      {result.error ? <ProblemAlert error={result.error} /> : null}
      <div role="status" aria-live="polite">{result.data ? t('total', { n: result.data.total }) : ''}</div>
      <Table
        rowKey="organizationId"
        loading={result.isFetching}
        dataSource={result.data?.items ?? []}
        locale={{ emptyText: t('none') }}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: result.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50],
          onChange: (page, pageSize) => apply(form.getFieldsValue(), page, pageSize),
        }}
        columns={[
          { title: t('name'), dataIndex: 'name', render: (v: string) => <strong lang="zh-CN">{v}</strong> },
          { title: t('uscc'), dataIndex: 'uscc' },
          { title: t('districtCol'), render: (_, r) => districtName(r.district, lang) },
          {
            title: t('filings'),
            render: (_, r) => (
              <ul style={{ margin: 0, paddingLeft: 16 }}>
                {r.filings.map((f) => (
                  <li key={f.receiptNo}>
                    <span lang="zh-CN">{f.itemName}</span>（{levelsShort(f.levels, lang)}）{' '}
                    <FilingStatusTag status={f.status} />{' '}
                    <Link to={`/verify/${f.receiptNo}`}>{t('receipt', { no: f.receiptNo })}</Link>{' '}
                    <span className="muted">{t('valid', { date: formatDate(f.validUntil, lang) })}</span>
                  </li>
                ))}
              </ul>
            ),
          },
        ]}
      />
      <p className="muted" style={{ margin: 0 }}>{t('share')}</p>
    </Page>
  );
}
