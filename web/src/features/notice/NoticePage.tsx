import { Input, Select, Table } from 'antd';
import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useDocumentTitle } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { useLang, useT } from '../../lib/i18n';
import { formatDate, shanghaiDate } from '../../lib/format';
import { useCampaignItems, useCampaigns } from '../../lib/queries';
import type { Campaign, CampaignItem } from '../../lib/types';
import { levelsShort, otherNames } from '../../lib/vocab';
import { noticeMessages } from './messages';
import noticeText from './notice-270.md?raw';
import { renderNotice, splitAttachment } from './render';

const { main, attachmentTitle } = splitAttachment(noticeText);

function matches(item: CampaignItem, q: string): boolean {
  if (!q) return true;
  const hay = [item.name, item.officialName, item.occupation, item.workType ?? '', item.occupationCode ?? '', String(item.seq), ...item.aliases]
    .join(' ')
    .toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

function Catalogue({ campaign }: { campaign: Campaign }) {
  const t = useT(noticeMessages);
  const { lang } = useLang();
  const items = useCampaignItems(campaign.id);
  // the search is in the URL, so a filtered catalogue can be shared
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const kind = params.get('kind') ?? '';
  const level = Number(params.get('level') ?? 0);
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const rows = useMemo(
    () => (items.data ?? []).filter((i) => matches(i, q) && (!kind || i.kind === kind) && (!level || i.levels.includes(level))),
    [items.data, q, kind, level],
  );
  return (
    <section aria-labelledby="catalogue" className="stack">
      <h2 id="catalogue" className="section-h2 flush">
        {t('attachment')}：{attachmentTitle || t('catalogueTitle')}
      </h2>
      <div className="row">
        <Input.Search
          allowClear
          aria-label={t('search')}
          placeholder={t('search')}
          defaultValue={q}
          onSearch={(v) => set('q', v.trim())}
          onChange={(e) => set('q', e.target.value.trim())}
          className="notice-search"
        />
        <Select
          aria-label={t('kindFilter')}
          value={kind}
          onChange={(v) => set('kind', v)}
          className="notice-select"
          options={[
            { value: '', label: t('kindAll') },
            { value: 'occupation', label: t('kindOccupation') },
            { value: 'special_ability', label: t('kindSpecial') },
          ]}
        />
        <Select
          aria-label={t('levelFilter')}
          value={level}
          onChange={(v) => set('level', v ? String(v) : '')}
          className="notice-select"
          options={[{ value: 0, label: t('levelAll') }, ...[5, 4, 3].map((l) => ({ value: l, label: levelsShort([l], lang) }))]}
        />
        <span role="status" className="muted">
          {t('count', { n: items.data?.length ?? 0, shown: rows.length })}
        </span>
      </div>
      <QueryState query={items}>
        {() => (
          <Table
            rowKey="id"
            size="small"
            dataSource={rows}
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('seq'), dataIndex: 'seq', width: 64, sorter: (a, b) => a.seq - b.seq },
              { title: t('name'), dataIndex: 'name', render: (v: string) => <span lang="zh-CN">{v}</span> },
              { title: t('levels'), render: (_, r) => levelsShort(r.levels, lang) },
              { title: t('code'), dataIndex: 'occupationCode', render: (v: string | null) => v ?? '—' },
              {
                title: t('officialName'),
                render: (_, r) => <span lang="zh-CN">{otherNames(r).join('、') || '—'}</span>,
              },
            ]}
          />
        )}
      </QueryState>
      <p className="muted flush">{t('note')}</p>
    </section>
  );
}

export default function NoticePage() {
  const { campaignId } = useParams();
  const t = useT(noticeMessages);
  const { lang } = useLang();
  const campaigns = useCampaigns();
  const campaign = campaigns.data?.find((c) => c.id === campaignId);
  const rendered = useMemo(() => renderNotice(main), []);
  useDocumentTitle(campaign?.title ?? '');
  return (
    <QueryState query={campaigns}>
      {() =>
        !campaign ? (
          <p>
            {t('notFound')} <Link to="/">{t('back')}</Link>
          </p>
        ) : (
          <div className="stack">
            <div className="row">
              <span>
                {t('window', {
                  from: formatDate(shanghaiDate(campaign.opensAt), lang),
                  to: formatDate(shanghaiDate(new Date(Date.parse(campaign.closesAt) - 1)), lang),
                })}
              </span>
              <Link to="/register" className="link-btn primary">
                {t('apply')}
              </Link>
            </div>
            <p className="muted flush">
              {t('rules', {
                p: campaign.rules.publicityWorkingDays,
                m: campaign.rules.projectEvaluationMonths,
                y: campaign.rules.filingValidityYears,
                c: campaign.rules.correctionWorkingDays,
              })}
            </p>
            {/* the notice whose text ships with the app: its document number is printed in that text */}
            {noticeText.includes(`\n${campaign.docNumber}\n`) ? (
              <article className="notice-text" lang="zh-CN" aria-label={rendered.title}>
                {lang === 'en' ? (
                  <p className="center muted" lang="en">
                    {t('officialText')}
                  </p>
                ) : null}
                {rendered.body}
              </article>
            ) : (
              <article className="notice-text" lang="zh-CN">
                <h1>{campaign.title}</h1>
                <p className="center">{campaign.docNumber}</p>
              </article>
            )}
            <Catalogue campaign={campaign} />
          </div>
        )
      }
    </QueryState>
  );
}
