/**
 * The audit log (GET /audit: newest first, filtered by entity type and id, paged by `beforeSeq`) and
 * the chain check (GET /audit/verify) — shared by the administrator's and the security auditor's
 * pages (SEC-08). Both only read: nothing here changes a record.
 */
import { Alert, Button, Form, Input, Table } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ROLES, type Role } from '../../../contract/enums';
import { get } from '../lib/api';
import { useT } from '../lib/i18n';
import { formatDateTime } from '../lib/format';
import type { AuditPage, AuditVerification } from '../lib/types';
import { roleLabel } from '../lib/vocab';
import { auditMessages } from './audit-messages';
import { ProblemAlert } from './ProblemAlert';
import { QueryState } from './QueryState';
import { Chip } from './StatusTag';

const isRole = (r: string | null): r is Role => !!r && (ROLES as readonly string[]).includes(r);

/** GET /audit/verify on demand, with its verdict as a status message. */
export function AuditChainCheck() {
  const t = useT(auditMessages);
  const verify = useMutation({ mutationFn: () => get<AuditVerification>('/audit/verify') });
  return (
    <div className="stack">
      <div className="row">
        <Button type="primary" onClick={() => verify.mutate()} loading={verify.isPending}>
          {t('verify')}
        </Button>
        <span className="muted">{t('verifyIntro')}</span>
      </div>
      {verify.error ? <ProblemAlert error={verify.error} /> : null}
      {verify.data ? (
        <Alert
          role="status"
          type={verify.data.valid ? 'success' : 'error'}
          showIcon
          title={
            verify.data.valid ? t('valid', { n: verify.data.entries }) : t('invalid', { seq: verify.data.firstBadSeq ?? '?', reason: verify.data.reason ?? '' })
          }
        />
      ) : null}
    </div>
  );
}

function Json({ value }: { value: unknown }) {
  const t = useT(auditMessages);
  if (value === null || value === undefined) return <span className="muted">{t('nothing')}</span>;
  return <pre className="audit-json">{JSON.stringify(value, null, 2)}</pre>;
}

/** The log itself: a search by entity, the newest page first, older pages one click away. */
export function AuditLog({ pageSize = 50 }: { pageSize?: number }) {
  const t = useT(auditMessages);
  const [form] = Form.useForm<{ entityType?: string; entityId?: string }>();
  const [filter, setFilter] = useState<{ entityType?: string; entityId?: string }>({});
  // the `beforeSeq` of each page shown so far (the first page has none): back is a pop, on is a push
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const entries = useQuery({
    queryKey: ['audit', filter, cursor, pageSize],
    queryFn: () => get<AuditPage>('/audit', { ...filter, limit: pageSize, beforeSeq: cursor }),
  });
  const search = (v: { entityType?: string; entityId?: string }) => {
    setFilter({ entityType: v.entityType?.trim() || undefined, entityId: v.entityId?.trim() || undefined });
    setCursors([undefined]);
  };
  const filterText = [filter.entityType, filter.entityId].filter(Boolean).join(' ');
  return (
    <div className="stack">
      <h2 className="card-title">{t('recent')}</h2>
      <Form form={form} layout="inline" onFinish={search} role="search">
        <Form.Item name="entityType" label={t('filterType')}>
          <Input placeholder="application" className="w-160" maxLength={50} />
        </Form.Item>
        <Form.Item name="entityId" label={t('filterId')}>
          <Input className="w-280" maxLength={100} />
        </Form.Item>
        <Button htmlType="submit">{t('search')}</Button>
        {filterText ? (
          <Button
            type="link"
            onClick={() => {
              form.resetFields();
              search({});
            }}
          >
            {t('reset')}
          </Button>
        ) : null}
      </Form>
      {filterText ? <div className="muted">{t('filtered', { filter: filterText })}</div> : null}
      <QueryState query={entries}>
        {(data) => (
          <>
            <Table
              rowKey="seq"
              size="small"
              dataSource={data.items}
              pagination={false}
              scroll={{ x: 'max-content' }}
              expandable={{
                rowExpandable: (e) => e.before != null || e.after != null,
                expandedRowRender: (e) => (
                  <div className="row gap-24 items-start">
                    <div>
                      <strong>{t('before')}</strong>
                      <Json value={e.before} />
                    </div>
                    <div>
                      <strong>{t('after')}</strong>
                      <Json value={e.after} />
                    </div>
                  </div>
                ),
              }}
              columns={[
                { title: '#', dataIndex: 'seq', width: 70 },
                { title: t('at'), render: (_, e) => formatDateTime(e.at) },
                { title: t('businessAt'), render: (_, e) => formatDateTime(e.businessAt) },
                { title: t('actor'), dataIndex: 'actor' },
                { title: t('actorRole'), render: (_, e) => (isRole(e.actorRole) ? roleLabel(e.actorRole) : (e.actorRole ?? t('system'))) },
                { title: t('ip'), render: (_, e) => e.ip ?? '' },
                { title: t('action'), dataIndex: 'action' },
                { title: t('entity'), render: (_, e) => `${e.entityType}${e.entityId ? ` ${e.entityId}` : ''}` },
                { title: t('result'), render: (_, e) => <Chip tone={e.result === 'ok' ? 'good' : 'warn'}>{e.result}</Chip> },
              ]}
            />
            <nav className="row" aria-label={t('recent')}>
              <Button disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
                {t('newer')}
              </Button>
              <span>{t('pageOf', { n: cursors.length, size: pageSize })}</span>
              <Button disabled={!data.nextBeforeSeq} onClick={() => setCursors((c) => [...c, data.nextBeforeSeq])}>
                {t('older')}
              </Button>
            </nav>
          </>
        )}
      </QueryState>
    </div>
  );
}
