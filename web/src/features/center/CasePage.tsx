import { CaseLayout } from '../../components/CaseLayout';
import { zh } from '../../lib/i18n';
import { CaseActions } from './CaseActions';
import { centerMessages } from './messages';

const t = zh(centerMessages);

export default function CasePage() {
  return (
    <CaseLayout title={(a) => t('caseTitle', { name: a.organization.name })} diagram actionsLabel={t('actions')}>
      {(a) => <CaseActions app={a} />}
    </CaseLayout>
  );
}
