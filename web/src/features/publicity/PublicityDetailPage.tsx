import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { LightProblem, Placeholder } from '../../components/LightProblem';
import { Page } from '../../components/Page';
import { Chip, ItemStatusTag } from '../../components/StatusTag';
import { get } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useLang, useT } from '../../lib/i18n';
import { NARROW, useMedia } from '../../lib/media';
import type { Publicity } from '../../lib/types';
import { levelsShort } from '../../lib/vocab';
import { publicityMessages } from './messages';
import { ObjectionForm } from './ObjectionForm';
import './publicity.css';

/** The items on notice: a table at desktop width, a card per item on a phone (nothing scrolls sideways). */
function Items({ p }: { p: Publicity }) {
  const t = useT(publicityMessages);
  const { lang } = useLang();
  const narrow = useMedia(NARROW);
  if (narrow) {
    return (
      <ul className="pub-cards" aria-label={t('itemsLabel')}>
        {p.items.map((r) => (
          <li key={r.applicationItemId} className="panel pub-card">
            <strong lang="zh-CN">{r.organizationName}</strong>
            <dl>
              <dt>{t('uscc')}</dt>
              <dd>{r.uscc}</dd>
              <dt>{t('item')}</dt>
              <dd lang="zh-CN">{r.itemName}</dd>
              <dt>{t('levels')}</dt>
              <dd>{levelsShort(r.levels, lang)}</dd>
              <dt>{t('status')}</dt>
              <dd>
                <ItemStatusTag status={r.status} />
              </dd>
            </dl>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <div className="pub-table-wrap" tabIndex={0} role="region" aria-label={t('itemsLabel')}>
      <table className="pub-table">
        <thead>
          <tr>
            <th scope="col">{t('org')}</th>
            <th scope="col">{t('uscc')}</th>
            <th scope="col">{t('item')}</th>
            <th scope="col">{t('levels')}</th>
            <th scope="col">{t('status')}</th>
          </tr>
        </thead>
        <tbody>
          {p.items.map((r) => (
            <tr key={r.applicationItemId}>
              <td lang="zh-CN">{r.organizationName}</td>
              <td className="nowrap">{r.uscc}</td>
              <td lang="zh-CN">{r.itemName}</td>
              <td className="nowrap">{levelsShort(r.levels, lang)}</td>
              <td>
                <ItemStatusTag status={r.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * One public notice (三(五)) and its objection form, in plain elements (no antd): the page a member
 * of the public opens from a phone to object within the notice period.
 */
export default function PublicityDetailPage() {
  const { id } = useParams();
  const t = useT(publicityMessages);
  const { lang } = useLang();
  const q = useQuery({ queryKey: ['public-publicity', id], queryFn: () => get<Publicity>(`/public/publicities/${id}`) });
  const p = q.data;
  if (!p) {
    return (
      <Page title={q.error ? t('notFound') : t('title')}>
        {q.error ? (
          <LightProblem error={q.error} />
        ) : (
          <div className="panel" aria-busy="true">
            <Placeholder rows={6} />
          </div>
        )}
        <Link to="/publicity">{t('back')}</Link>
      </Page>
    );
  }
  return (
    <Page
      title={p.title}
      subtitle={t('period', { from: formatDate(p.startsOn, lang), to: formatDate(p.endsOn, lang) })}
      extra={<Chip tone={p.open ? 'good' : 'neutral'}>{p.open ? t('open') : t('closed')}</Chip>}
    >
      {p.skipped && p.skipped.length > 0 ? (
        <p className="muted pub-skipped">{t('skipped', { days: p.skipped.map((s) => `${formatDate(s.date, lang)}（${s.reason}）`).join('、') })}</p>
      ) : null}
      <Items p={p} />
      <section className="panel" aria-labelledby="objection-title">
        <h2 id="objection-title" className="panel-title">
          {t('objectTitle')}
        </h2>
        {p.open ? (
          <ObjectionForm publicity={p} />
        ) : (
          <div role="status" className="light-alert is-info">
            {t('objectClosed')}
          </div>
        )}
      </section>
      <Link to="/publicity">{t('back')}</Link>
    </Page>
  );
}
