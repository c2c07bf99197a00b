import { Navigate, useLocation, useParams } from 'react-router';
import { useSession } from '../lib/session';

/**
 * Links in messages and e-mails name things, not pages (/applications/:id, /filings/:receiptNo,
 * /objections — contract/notifications.ts): each person lands on their own page for it.
 */
export default function LinkRedirect() {
  const { id, receiptNo } = useParams();
  const { pathname } = useLocation();
  const session = useSession();
  if (session.isPending) return null;
  const user = session.data?.user;
  if (receiptNo) return <Navigate to={`/verify/${receiptNo}`} replace />;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(pathname)}`} replace />;
  if (pathname.startsWith('/objections')) return <Navigate to={user.role === 'center' ? '/app/center/objections' : '/app'} replace />;
  const byRole: Record<string, string> = {
    applicant: `/app/my/applications/${id}`,
    industry_authority: `/app/recommend/${id}`,
    district_hr: `/app/recommend/${id}`,
    center: `/app/center/applications/${id}`,
    expert: `/app/expert/applications/${id}`,
    bureau: `/app/bureau/applications/${id}`,
  };
  return <Navigate to={byRole[user.role] ?? '/app'} replace />;
}
