import { AuditChainCheck, AuditLog } from '../../components/AuditLog';
import { Page } from '../../components/Page';
import { zh } from '../../lib/i18n';
import { auditorMessages } from './messages';

const t = zh(auditorMessages);

/** The security auditor's whole job (SEC-08): read the log, verify the chain — and change nothing. */
export default function AuditorPage() {
  return (
    <Page title={t('title')} subtitle={t('intro')}>
      <AuditChainCheck />
      <AuditLog />
    </Page>
  );
}
