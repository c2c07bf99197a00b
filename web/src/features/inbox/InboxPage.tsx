import { Alert, Button, List, Segmented } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { QueryState } from '../../components/QueryState';
import { Chip } from '../../components/StatusTag';
import { post } from '../../lib/api';
import { useLang, useT } from '../../lib/i18n';
import { formatDateTime, humanizeDates } from '../../lib/format';
import { useInbox, type InboxMessage } from '../../lib/queries';
import { inboxText } from '../../lib/server-messages';
import { inboxMessages } from './messages';

/** GET /inbox: the user's own messages; links point at pages of this web app (see app/links). */
export default function InboxPage() {
  const t = useT(inboxMessages);
  const { lang } = useLang();
  // an applicant in English reads the message's title (and a status change) in English; other bodies as written, marked Chinese
  const shown = (n: InboxMessage) => {
    const en = inboxText(n, lang);
    const zhBody = lang === 'en' && en.body === undefined;
    return { title: humanizeDates(en.title, lang), body: <span lang={zhBody ? 'zh-CN' : undefined}>{en.body ?? humanizeDates(n.body, lang)}</span> };
  };
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const inbox = useInbox({ unread: unreadOnly ? 'true' : undefined, page, pageSize: 20 });
  const qc = useQueryClient();
  const read = useMutation({ mutationFn: (id: string) => post(`/inbox/${id}/read`), onSuccess: () => void qc.invalidateQueries({ queryKey: ['inbox'] }) });
  const readAll = useMutation({ mutationFn: () => post('/inbox/read-all'), onSuccess: () => void qc.invalidateQueries({ queryKey: ['inbox'] }) });
  return (
    <Page title={t('title')} subtitle={t('intro')}>
      <QueryState query={inbox}>
        {(data) =>
          data === null ? (
            <Alert type="info" showIcon title={t('unavailable')} />
          ) : (
            <>
              <div className="row">
                <Segmented
                  aria-label={t('unreadOnly')}
                  value={unreadOnly ? 'unread' : 'all'}
                  onChange={(v) => {
                    setUnreadOnly(v === 'unread');
                    setPage(1);
                  }}
                  options={[
                    { value: 'all', label: t('all') },
                    { value: 'unread', label: t('unreadOnly') },
                  ]}
                />
                <span role="status">{t('count', { n: data.total, u: data.unread })}</span>
                <Button onClick={() => readAll.mutate()} disabled={data.unread === 0} loading={readAll.isPending}>
                  {t('markAll')}
                </Button>
              </div>
              {read.error || readAll.error ? <ProblemAlert error={read.error ?? readAll.error} /> : null}
              <List
                dataSource={data.items}
                locale={{ emptyText: t('none') }}
                pagination={data.total > 20 ? { current: page, pageSize: 20, total: data.total, onChange: setPage } : false}
                renderItem={(n) => (
                  <List.Item
                    actions={[
                      ...(n.link
                        ? [
                            <Link key="open" to={n.link} onClick={() => !n.readAt && read.mutate(n.id)}>
                              {t('open')}
                            </Link>,
                          ]
                        : []),
                      ...(!n.readAt
                        ? [
                            <Button key="read" size="small" onClick={() => read.mutate(n.id)} aria-label={`${t('markRead')}：${n.title}`}>
                              {t('markRead')}
                            </Button>,
                          ]
                        : []),
                    ]}
                  >
                    <List.Item.Meta
                      title={
                        <span>
                          {!n.readAt ? <Chip tone="info">{t('unread')}</Chip> : null} {shown(n).title}
                        </span>
                      }
                      description={
                        <>
                          <div className="text-body">{shown(n).body}</div>
                          <span className="muted">{formatDateTime(n.createdAt, lang)}</span>
                        </>
                      }
                    />
                  </List.Item>
                )}
              />
            </>
          )
        }
      </QueryState>
    </Page>
  );
}
