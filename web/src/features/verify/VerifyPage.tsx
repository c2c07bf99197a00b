import { Alert, Button, Descriptions, Input, Skeleton } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ApiError, get } from '../../lib/api';
import { useLang, useT } from '../../lib/i18n';
import { formatDate, formatDateTime } from '../../lib/format';
import type { Filing } from '../../lib/types';

/** GET /public/filings/:receiptNo answers the filing and, where the server has it, what a verifier needs (contract/documents.ts). */
type Verification = Filing & { valid?: boolean; integrity?: { algorithm: string; intact: boolean; materialCount: number; computedAt: string } };
import { levelsShort } from '../../lib/vocab';
import { verifyMessages } from './messages';

/** The page a receipt's QR code opens: /verify/:receiptNo (GET /public/filings/:receiptNo). */
export default function VerifyPage() {
  const t = useT(verifyMessages);
  const { lang } = useLang();
  const { receiptNo } = useParams();
  const navigate = useNavigate();
  const q = useQuery({
    queryKey: ['verify', receiptNo],
    queryFn: () => get<Verification>(`/public/filings/${encodeURIComponent(receiptNo!)}`),
    enabled: !!receiptNo,
  });
  const notFound = q.error instanceof ApiError && q.error.status === 404;
  const f = q.data;
  return (
    <Page title={t('title')} subtitle={t('intro')}>
      <form
        className="row"
        style={{ maxWidth: 520, flexWrap: 'nowrap' }}
        onSubmit={(e) => {
          e.preventDefault();
          const no = String(new FormData(e.currentTarget).get('receiptNo') ?? '').trim().toUpperCase();
          if (no) navigate(`/verify/${encodeURIComponent(no)}`);
        }}
      >
        <label htmlFor="receipt-no" className="sr-only">{t('label')}</label>
        <Input id="receipt-no" name="receiptNo" key={receiptNo} defaultValue={receiptNo} placeholder="SHPB-2024-00001" autoComplete="off" />
        <Button type="primary" htmlType="submit">{t('submit')}</Button>
      </form>
      {receiptNo && q.isPending ? <Skeleton active aria-label={t('checking')} /> : null}
      {notFound ? <Alert type="error" showIcon role="alert" title={t('notFound', { no: receiptNo })} /> : q.error ? <ProblemAlert error={q.error} /> : null}
      {f ? (
        <div className="stack" style={{ maxWidth: 760 }}>
          <Alert
            type={f.status === 'active' ? 'success' : 'error'}
            showIcon
            role="status"
            title={<strong style={{ fontSize: 18 }}>{f.status === 'active' ? t('valid') : f.status === 'expired' ? t('expired') : t('revoked')}</strong>}
            description={t('basis')}
          />
          <Descriptions bordered size="small" column={1}>
            <Descriptions.Item label={t('receiptNo')}>{f.receiptNo}</Descriptions.Item>
            <Descriptions.Item label={t('org')}><span lang="zh-CN">{f.organizationName}</span></Descriptions.Item>
            <Descriptions.Item label={t('uscc')}>{f.uscc}</Descriptions.Item>
            <Descriptions.Item label={t('item')}><span lang="zh-CN">{f.itemName}</span>{f.occupationCode ? `（${f.occupationCode}）` : ''}</Descriptions.Item>
            <Descriptions.Item label={t('levels')}>{levelsShort(f.levels, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('filedOn')}>{formatDate(f.filedOn, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('validUntil')}>{formatDate(f.validUntil, lang)}</Descriptions.Item>
            {f.revokedAt ? <Descriptions.Item label={t('revokedAt')}>{formatDateTime(f.revokedAt, lang)}</Descriptions.Item> : null}
            {f.revokeReason ? <Descriptions.Item label={t('revokeReason')}>{f.revokeReason}</Descriptions.Item> : null}
            {f.integrity ? (
              <Descriptions.Item label={t('integrity')}>
                {f.integrity.intact ? t('intact', { n: f.integrity.materialCount }) : t('notIntact')} <span className="muted">{t('checkedAt', { at: formatDateTime(f.integrity.computedAt, lang) })}</span>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          <Link to={`/directory?q=${encodeURIComponent(f.uscc)}`}>{t('directory')}</Link>
        </div>
      ) : null}
    </Page>
  );
}
