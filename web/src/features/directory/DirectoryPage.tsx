import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { LightProblem, Placeholder } from '../../components/LightProblem';
import { Page } from '../../components/Page';
import { FilingStatusTag } from '../../components/StatusTag';
import { get } from '../../lib/api';
import { useLang, useT } from '../../lib/i18n';
import { formatDate } from '../../lib/format';
import { currentCampaign, useCampaignItems, useCampaigns } from '../../lib/queries';
import type { DirectoryPage as DirectoryPageData } from '../../lib/types';
import { DISTRICTS, districtName, levelsShort } from '../../lib/vocab';
import { directoryMessages } from './messages';
import './directory.css';
import { formText } from '../../lib/forms';
import { NARROW, useMedia } from '../../lib/media';

const PAGE_SIZES = [10, 20, 50];

/**
 * The directory's search lives in the URL (?q=&itemSeq=&level=&district=&page=), so results can be
 * shared. Plain elements only (no antd): this is the page the public opens on a phone, and a native
 * form, table and links are what it needs. Pages are links (crawlable, shareable). On a phone each
 * filing is a card (nothing scrolls sideways); at desktop width the organisations are a table.
 */
export default function DirectoryPage() {
  const t = useT(directoryMessages);
  const { lang } = useLang();
  const narrow = useMedia(NARROW);
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
  const campaigns = useCampaigns();
  const catalogue = useCampaignItems(currentCampaign(campaigns.data, Date.now())?.id);
  const result = useQuery({
    queryKey: ['directory', query],
    queryFn: () => get<DirectoryPageData>('/public/organizations', query),
    placeholderData: keepPreviousData,
  });
  const search = (
    page: number,
    pageSize = query.pageSize,
    f: { q?: string; itemSeq?: number | string; level?: number | string; district?: string } = query,
  ) => {
    const next = new URLSearchParams();
    if (f.q?.trim()) next.set('q', f.q.trim());
    if (f.itemSeq) next.set('itemSeq', String(f.itemSeq));
    if (f.level) next.set('level', String(f.level));
    if (f.district) next.set('district', f.district);
    if (page > 1) next.set('page', String(page));
    if (pageSize !== 10) next.set('pageSize', String(pageSize));
    return next;
  };
  const total = result.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / query.pageSize));
  const items = result.data?.items ?? [];
  // the form is keyed by the address: going back or opening a shared link shows its search
  const formKey = params.toString();

  return (
    <Page title={t('title')} subtitle={t('intro')}>
      <form
        key={formKey}
        role="search"
        className="dir-form panel"
        onSubmit={(e) => {
          e.preventDefault();
          const d = new FormData(e.currentTarget);
          setParams(
            search(1, query.pageSize, { q: formText(d, 'q'), itemSeq: formText(d, 'itemSeq'), level: formText(d, 'level'), district: formText(d, 'district') }),
          );
        }}
      >
        <div className="dir-field dir-field-wide">
          <label htmlFor="dir-q">{t('q')}</label>
          <input id="dir-q" name="q" type="search" className="text-input" defaultValue={query.q ?? ''} autoComplete="off" />
        </div>
        <div className="dir-field dir-field-wide">
          <label htmlFor="dir-item">{t('item')}</label>
          <select id="dir-item" name="itemSeq" className="text-input" defaultValue={query.itemSeq ?? ''} key={catalogue.data ? 'loaded' : 'loading'}>
            <option value="">{t('itemAll')}</option>
            {(catalogue.data ?? []).map((i) => (
              <option key={i.seq} value={i.seq}>{`${i.seq}. ${i.name}`}</option>
            ))}
          </select>
        </div>
        <div className="dir-field">
          <label htmlFor="dir-level">{t('level')}</label>
          <select id="dir-level" name="level" className="text-input" defaultValue={query.level ?? ''}>
            <option value="">{t('levelAll')}</option>
            {[5, 4, 3].map((l) => (
              <option key={l} value={l}>
                {levelsShort([l], lang)}
              </option>
            ))}
          </select>
        </div>
        <div className="dir-field">
          <label htmlFor="dir-district">{t('district')}</label>
          <select id="dir-district" name="district" className="text-input" defaultValue={query.district ?? ''}>
            <option value="">{t('districtAll')}</option>
            {DISTRICTS.map((d) => (
              <option key={d.code} value={d.code}>
                {lang === 'en' ? d.en : d.name}
              </option>
            ))}
          </select>
        </div>
        <div className="dir-actions">
          <button type="submit" className="btn primary">
            {t('search')}
          </button>
          <Link className="link-btn" to="/directory">
            {t('reset')}
          </Link>
        </div>
      </form>
      {result.error ? <LightProblem error={result.error} /> : null}
      <div role="status" aria-live="polite" className="dir-total">
        {result.data ? t('total', { n: total }) : ''}
      </div>
      {!result.data && !result.error ? (
        // the same in both layouts while the first page loads (a prerendered page is hydrated before the width is known)
        <div className="panel" aria-busy="true">
          <Placeholder rows={8} />
        </div>
      ) : narrow ? (
        <ul className="dir-cards" aria-label={t('title')} aria-busy={result.isPending || result.isFetching}>
          {result.data && items.length === 0 ? <li className="panel muted">{t('none')}</li> : null}
          {items.flatMap((r) =>
            (r.filings.length ? r.filings : [undefined]).map((f) => (
              <li key={f?.receiptNo ?? r.organizationId} className="panel dir-card">
                <strong lang="zh-CN">{r.name}</strong>
                <dl>
                  <dt>{t('uscc')}</dt>
                  <dd>{r.uscc}</dd>
                  <dt>{t('districtCol')}</dt>
                  <dd>{districtName(r.district, lang)}</dd>
                  {f ? (
                    <>
                      <dt>{t('itemCol')}</dt>
                      <dd lang="zh-CN">{f.itemName}</dd>
                      <dt>{t('levelCol')}</dt>
                      <dd>{levelsShort(f.levels, lang)}</dd>
                      <dt>{t('validCol')}</dt>
                      <dd>{formatDate(f.validUntil, lang)}</dd>
                      <dt>{t('statusCol')}</dt>
                      <dd>
                        <FilingStatusTag status={f.status} />
                      </dd>
                    </>
                  ) : null}
                </dl>
                {f ? <Link to={`/verify/${f.receiptNo}`}>{t('receipt', { no: f.receiptNo })}</Link> : null}
              </li>
            )),
          )}
        </ul>
      ) : (
        <div className="dir-table-wrap" tabIndex={0} role="region" aria-label={t('title')} aria-busy={result.isPending || result.isFetching}>
          <table className="dir-table">
            <thead>
              <tr>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('uscc')}</th>
                <th scope="col">{t('districtCol')}</th>
                <th scope="col">{t('filings')}</th>
              </tr>
            </thead>
            <tbody>
              {result.data && items.length === 0 ? (
                <tr>
                  <td colSpan={4} className="muted">
                    {t('none')}
                  </td>
                </tr>
              ) : null}
              {items.map((r) => (
                <tr key={r.organizationId}>
                  <td>
                    <strong lang="zh-CN">{r.name}</strong>
                  </td>
                  <td className="nowrap">{r.uscc}</td>
                  <td className="nowrap">{districtName(r.district, lang)}</td>
                  <td>
                    <ul className="dir-filings">
                      {r.filings.map((f) => (
                        <li key={f.receiptNo}>
                          <span lang="zh-CN">{f.itemName}</span>（{levelsShort(f.levels, lang)}） <FilingStatusTag status={f.status} />{' '}
                          <Link to={`/verify/${f.receiptNo}`}>{t('receipt', { no: f.receiptNo })}</Link>{' '}
                          <span className="muted">{t('valid', { date: formatDate(f.validUntil, lang) })}</span>
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {total > 0 ? (
        <nav className="dir-pager" aria-label={t('pages')}>
          {query.page > 1 ? (
            <Link to={`?${search(query.page - 1)}`} rel="prev">
              {t('prev')}
            </Link>
          ) : null}
          <span>{t('pageOf', { page: query.page, pages })}</span>
          {query.page < pages ? (
            <Link to={`?${search(query.page + 1)}`} rel="next">
              {t('next')}
            </Link>
          ) : null}
          <span className="dir-sizes">
            {t('perPage')}
            {PAGE_SIZES.map((n) =>
              n === query.pageSize ? (
                <strong key={n} aria-current="true">
                  {n}
                </strong>
              ) : (
                <Link key={n} to={`?${search(1, n)}`}>
                  {n}
                </Link>
              ),
            )}
          </span>
        </nav>
      ) : null}
      <p className="muted flush">{t('share')}</p>
    </Page>
  );
}
