import { Card } from 'antd';
import { Link } from 'react-router';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { Chip } from '../../components/StatusTag';
import { useLang, useT } from '../../lib/i18n';
import { formatDate } from '../../lib/format';
import { usePublicPublicities } from '../../lib/queries';
import { levelsShort } from '../../lib/vocab';
import { publicityMessages } from './messages';

export default function PublicityPage() {
  const t = useT(publicityMessages);
  const { lang } = useLang();
  const q = usePublicPublicities();
  return (
    <Page title={t('title')} subtitle={t('intro')}>
      <QueryState query={q}>
        {(list) =>
          list.length === 0 ? (
            <p>{t('none')}</p>
          ) : (
            <div className="stack">
              {list.map((p) => (
                <Card key={p.id} title={<h2 style={{ fontSize: 16, margin: 0, whiteSpace: 'normal' }} lang="zh-CN">{p.title}</h2>} extra={<Chip tone={p.open ? 'good' : 'neutral'}>{p.open ? t('open') : t('closed')}</Chip>}>
                  <p style={{ marginTop: 0 }}>{t('period', { from: formatDate(p.startsOn, lang), to: formatDate(p.endsOn, lang) })}</p>
                  <ul style={{ paddingLeft: 20 }} lang="zh-CN">
                    {p.items.map((i) => (
                      <li key={i.applicationItemId}>
                        {i.organizationName} — {i.itemName}（{levelsShort(i.levels, 'zh')}）
                      </li>
                    ))}
                  </ul>
                  <Link to={`/publicity/${p.id}`} className="link-btn primary">{t('view')}</Link>
                </Card>
              ))}
            </div>
          )
        }
      </QueryState>
    </Page>
  );
}
