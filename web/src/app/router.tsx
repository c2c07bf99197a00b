/**
 * Routes, split by route: the public site's shell is in the entry chunk; every page, and the whole
 * back office (its layout and pages), is loaded on demand, so the public pages never download
 * back-office code.
 */
import type { ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import type { Role } from '../../../contract/enums';
import { PublicLayout } from './PublicLayout';
import { RouteError } from './RouteError';
import { WorkSkeleton } from '../components/WorkSkeleton';

type Loader = () => Promise<{ default: ComponentType }>;
/** A back-office page: the work layout already provides antd's context. */
const page = (load: Loader): Pick<RouteObject, 'lazy'> => ({ lazy: async () => ({ Component: (await load()).default }) });
/** A public page that uses antd: its context is loaded with it. */
const antdPage = (load: Loader): Pick<RouteObject, 'lazy'> => ({
  lazy: async () => {
    const [m, p] = await Promise.all([load(), import('./AntdProvider')]);
    const Page = m.default;
    return {
      Component: () => (
        <p.AntdProvider>
          <Page />
        </p.AntdProvider>
      ),
    };
  },
});

export interface RouteHandle {
  roles?: readonly Role[];
}
const only = (...roles: Role[]): { handle: RouteHandle } => ({ handle: { roles } });
const RECOMMENDERS: Role[] = ['industry_authority', 'district_hr'];

const routes: RouteObject[] = [
  {
    element: <PublicLayout />,
    errorElement: <RouteError />,
    hydrateFallbackElement: <div />,
    children: [
      { index: true, ...page(() => import('../features/public-home/HomePage')) },
      { path: 'calls/:campaignId', ...antdPage(() => import('../features/notice/NoticePage')) },
      { path: 'publicity', ...page(() => import('../features/publicity/PublicityPage')) },
      { path: 'publicity/:id', ...page(() => import('../features/publicity/PublicityDetailPage')) },
      { path: 'directory', ...page(() => import('../features/directory/DirectoryPage')) },
      { path: 'verify', ...page(() => import('../features/verify/VerifyPage')) },
      { path: 'verify/:receiptNo', ...page(() => import('../features/verify/VerifyPage')) },
      { path: 'login', ...antdPage(() => import('../features/auth/LoginPage')) },
      { path: 'register', ...antdPage(() => import('../features/auth/RegisterPage')) },
      { path: 'forgot-password', ...antdPage(() => import('../features/auth/ForgotPasswordPage')) },
      { path: 'reset-password', ...antdPage(() => import('../features/auth/ResetPasswordPage')) },
      { path: 'applications/:id', ...page(() => import('./LinkRedirect')) },
      { path: 'filings/:receiptNo', ...page(() => import('./LinkRedirect')) },
      { path: 'objections', ...page(() => import('./LinkRedirect')) },
      { path: '*', ...page(() => import('./NotFound')) },
    ],
  },
  {
    path: 'app',
    errorElement: <RouteError />,
    // the back office's shape at once, while its code arrives (not a blank page)
    hydrateFallbackElement: <WorkSkeleton />,
    lazy: async () => ({ Component: (await import('./WorkLayout')).default }),
    children: [
      { index: true, ...page(() => import('./RoleHome')) },
      { path: 'account/password', ...page(() => import('../features/auth/ChangePasswordPage')) },
      { path: 'account/mfa', ...page(() => import('../features/auth/MfaPage')) },
      { path: 'inbox', ...page(() => import('../features/inbox/InboxPage')) },

      { path: 'my', ...only('applicant'), ...page(() => import('../features/applicant/DashboardPage')) },
      { path: 'my/applications/:id/edit', ...only('applicant'), ...page(() => import('../features/applicant/WizardPage')) },
      { path: 'my/applications/:id', ...only('applicant'), ...page(() => import('../features/applicant/ApplicationPage')) },

      { path: 'recommend', ...only(...RECOMMENDERS), ...page(() => import('../features/recommender/QueuePage')) },
      { path: 'recommend/:id', ...only(...RECOMMENDERS), ...page(() => import('../features/recommender/RecommendPage')) },

      { path: 'center', ...only('center'), ...page(() => import('../features/center/DashboardPage')) },
      { path: 'center/applications', ...only('center'), ...page(() => import('../features/center/ApplicationsPage')) },
      { path: 'center/applications/:id', ...only('center'), ...page(() => import('../features/center/CasePage')) },
      { path: 'center/projects', ...only('center'), ...page(() => import('../features/center/ProjectQueuePage')) },
      { path: 'center/publicities', ...only('center'), ...page(() => import('../features/center/PublicitiesPage')) },
      { path: 'center/objections', ...only('center'), ...page(() => import('../features/center/ObjectionsPage')) },
      { path: 'center/filings', ...only('center'), ...page(() => import('../features/filings/FilingsPage')) },
      { path: 'center/national-reports', ...only('center'), ...page(() => import('../features/reports/NationalBatchesPage')) },
      { path: 'center/campaigns', ...only('center'), ...page(() => import('../features/campaigns/CampaignsPage')) },
      { path: 'center/calendar', ...only('center'), ...page(() => import('../features/calendar/CalendarPage')) },

      { path: 'expert', ...only('expert'), ...page(() => import('../features/expert/AssignedPage')) },
      { path: 'expert/applications/:id', ...only('expert'), ...page(() => import('../features/expert/ReviewPage')) },

      { path: 'bureau', ...only('bureau'), ...page(() => import('../features/bureau/ApprovalQueuePage')) },
      { path: 'bureau/applications/:id', ...only('bureau'), ...page(() => import('../features/bureau/ApprovalPage')) },
      { path: 'bureau/filings', ...only('bureau'), ...page(() => import('../features/filings/FilingsPage')) },
      { path: 'bureau/national-reports', ...only('bureau'), ...page(() => import('../features/reports/NationalBatchesPage')) },

      { path: 'admin/users', ...only('admin'), ...page(() => import('../features/admin/UsersPage')) },
      { path: 'admin/authorities', ...only('admin'), ...page(() => import('../features/admin/AuthoritiesPage')) },
      { path: 'admin/calendar', ...only('admin'), ...page(() => import('../features/calendar/CalendarPage')) },
      { path: 'admin/audit', ...only('admin'), ...page(() => import('../features/admin/AuditPage')) },
      { path: 'admin/campaigns', ...only('admin'), ...page(() => import('../features/campaigns/CampaignsPage')) },
      { path: 'admin/national-reports', ...only('admin'), ...page(() => import('../features/reports/NationalBatchesPage')) },
      { path: 'admin/clock', ...only('admin'), ...page(() => import('../features/admin/ClockPage')) },

      { path: 'audit', ...only('auditor'), ...page(() => import('../features/auditor/AuditorPage')) },
      { path: '*', ...page(() => import('./NotFound')) },
    ],
  },
];

export const router = createBrowserRouter(routes);
