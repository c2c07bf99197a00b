import { Link } from 'react-router';
import { Page } from '../../components/Page';
import { LightProblem, Placeholder } from '../../components/LightProblem';
import { Chip } from '../../components/StatusTag';
import { useLang, useT } from '../../lib/i18n';
import { formatDate } from '../../lib/format';
import { usePublicPublicities } from '../../lib/queries';
import { levelsShort } from '../../lib/vocab';
import { publicityMessages } from './messages';

/** The public notices (三(五) 公示), in plain panels: no antd on the list the public opens from a phone. */
export default function PublicityPage() {
  const t = useT(publicityMessages);
  const { lang } = useLang();
  const q = usePublicPublicities();
  return (
    <Page title={t('title')} subtitle={t('intro')}>
      {q.isPending ? (
        <div className="panel" aria-busy="true">
          <Placeholder rows={5} />
        </div>
      ) : q.error ? (
        <LightProblem error={q.error} />
      ) : q.data.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <div className="stack">
          {q.data.map((p) => (
            <section key={p.id} className="panel" aria-labelledby={`publicity-${p.id}`}>
              <div className="row pub-head">
                <h2 id={`publicity-${p.id}`} className="pub-title" lang="zh-CN">
                  {p.title}
                </h2>
                <Chip tone={p.open ? 'good' : 'neutral'}>{p.open ? t('open') : t('closed')}</Chip>
              </div>
              <p className="pub-period">{t('period', { from: formatDate(p.startsOn, lang), to: formatDate(p.endsOn, lang) })}</p>
              <ul className="pub-items" lang="zh-CN">
                {p.items.map((i) => (
                  <li key={i.applicationItemId}>
                    {i.organizationName} — {i.itemName}（{levelsShort(i.levels, 'zh')}）
                  </li>
                ))}
              </ul>
              <Link to={`/publicity/${p.id}`} className="link-btn primary">
                {t('view')}
              </Link>
            </section>
          ))}
        </div>
      )}
    </Page>
  );
}
