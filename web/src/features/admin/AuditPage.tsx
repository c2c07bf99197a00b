import { AuditChainCheck, AuditLog } from '../../components/AuditLog';
import { Page } from '../../components/Page';
import { zh } from '../../lib/i18n';
import { adminMessages } from './messages';

const t = zh(adminMessages);

export default function AuditPage() {
  return (
    <Page title={t('auditTitle')} subtitle={t('auditIntro')}>
      <AuditChainCheck />
      <AuditLog />
    </Page>
  );
}
