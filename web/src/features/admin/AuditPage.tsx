import { Alert, Button, Form, Input, Table } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { QueryState } from '../../components/QueryState';
import { Chip } from '../../components/StatusTag';
import { get } from '../../lib/api';
import { zh } from '../../lib/i18n';
import { formatDateTime } from '../../lib/format';
import { adminMessages } from './messages';

const t = zh(adminMessages);

interface Entry {
  seq: string;
  at: string;
  businessAt: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string | null;
  result: string;
}

export default function AuditPage() {
  const [filter, setFilter] = useState<{ entityType?: string; entityId?: string }>({});
  const verify = useMutation({ mutationFn: () => get<{ valid: boolean; entries: number; firstBadSeq?: string; reason?: string }>('/audit/verify') });
  const entries = useQuery({ queryKey: ['audit', filter], queryFn: () => get<{ items: Entry[] }>('/audit', { ...filter, limit: 200 }) });
  return (
    <Page title={t('auditTitle')} subtitle={t('auditIntro')}>
      <div>
        <Button type="primary" onClick={() => verify.mutate()} loading={verify.isPending}>{t('verify')}</Button>
      </div>
      {verify.error ? <ProblemAlert error={verify.error} /> : null}
      {verify.data ? (
        <Alert
          role="status"
          type={verify.data.valid ? 'success' : 'error'}
          showIcon
          title={verify.data.valid ? t('valid', { n: verify.data.entries }) : t('invalid', { seq: verify.data.firstBadSeq ?? '?', reason: verify.data.reason ?? '' })}
        />
      ) : null}
      <h2 style={{ fontSize: 16, margin: 0 }}>{t('recent')}</h2>
      <Form layout="inline" onFinish={(v: { entityType?: string; entityId?: string }) => setFilter({ entityType: v.entityType?.trim() || undefined, entityId: v.entityId?.trim() || undefined })} role="search">
        <Form.Item name="entityType" label={t('filterType')}>
          <Input placeholder="application" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="entityId" label={t('filterId')}>
          <Input style={{ width: 280 }} />
        </Form.Item>
        <Button htmlType="submit">{t('search')}</Button>
      </Form>
      <QueryState query={entries}>
        {(data) => (
          <Table
            rowKey="seq"
            size="small"
            dataSource={data.items}
            pagination={{ pageSize: 25, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: '#', dataIndex: 'seq', width: 70 },
              { title: t('at'), render: (_, e) => formatDateTime(e.at) },
              { title: t('businessAt'), render: (_, e) => formatDateTime(e.businessAt) },
              { title: t('actor'), dataIndex: 'actor' },
              { title: t('action'), dataIndex: 'action' },
              { title: t('entity'), render: (_, e) => `${e.entityType}${e.entityId ? ` ${e.entityId}` : ''}` },
              { title: t('result'), render: (_, e) => <Chip tone={e.result === 'ok' ? 'good' : 'warn'}>{e.result}</Chip> },
            ]}
          />
        )}
      </QueryState>
    </Page>
  );
}
