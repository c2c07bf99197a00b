/**
 * The public pages rendered at build time (web/vite.config.ts, prerender), in Node: the public layout
 * and each page as React first renders it in the browser — header, heading, introduction, the
 * search forms, placeholders sized like the content that loads into them — with no data (every query
 * pending) and the Chinese dictionaries. The browser paints this HTML before any script runs; main.tsx
 * then hydrates it (the same components, the same first render) instead of painting it again.
 *
 * Only pages whose first render depends on nothing but the address are here; each is listed with the
 * address pattern the server sends it for (server/src/web-static.ts, PRERENDERED).
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { createStaticHandler, createStaticRouter, StaticRouterProvider, type RouteObject } from 'react-router';
import { PublicLayout } from './app/PublicLayout';
import { LangProvider } from './lib/i18n';
import DirectoryPage from './features/directory/DirectoryPage';
import HomePage from './features/public-home/HomePage';
import PublicityPage from './features/publicity/PublicityPage';
import VerifyPage from './features/verify/VerifyPage';

/** The receipt number's stand-in in the verification page's HTML; the server puts the address's number in its place. */
export const RECEIPT_SLOT = 'SHSPRECEIPTNO';

/**
 * file name (dist/web/prerendered/NAME.html) → the address rendered, the page's module (its chunk is
 * preloaded) and what the page reads first from the API, exactly as it will ask (preloaded with the
 * HTML, so the answer is there when the script asks for it, instead of being asked for after it).
 */
export const PAGES: Record<string, { url: string; source: string; data: string[] }> = {
  home: { url: '/', source: 'src/features/public-home/HomePage.tsx', data: ['/api/v1/campaigns', '/api/v1/system/clock', '/api/v1/public/publicities'] },
  directory: { url: '/directory', source: 'src/features/directory/DirectoryPage.tsx', data: ['/api/v1/public/organizations?page=1&pageSize=10'] },
  publicity: { url: '/publicity', source: 'src/features/publicity/PublicityPage.tsx', data: ['/api/v1/public/publicities'] },
  verify: { url: '/verify', source: 'src/features/verify/VerifyPage.tsx', data: [] },
  'verify-receipt': { url: `/verify/${RECEIPT_SLOT}`, source: 'src/features/verify/VerifyPage.tsx', data: [`/api/v1/public/filings/${RECEIPT_SLOT}`] },
};

export async function render(name: string): Promise<string> {
  const page = PAGES[name];
  if (!page) throw new Error(`no such prerendered page: ${name}`);
  const routes: RouteObject[] = [
    {
      element: <PublicLayout />,
      children: [
        { index: true, Component: HomePage },
        { path: 'directory', Component: DirectoryPage },
        { path: 'publicity', Component: PublicityPage },
        { path: 'verify', Component: VerifyPage },
        { path: 'verify/:receiptNo', Component: VerifyPage },
      ],
    },
  ];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request(`http://localhost${page.url}`));
  if (context instanceof Response) throw new Error(`prerendering ${page.url} answered ${context.status}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  const queryClient = new QueryClient();
  // the same providers as main.tsx and App.tsx, in the same order (useId's values depend on the tree)
  return renderToString(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <LangProvider>
          <StaticRouterProvider router={router} context={context} hydrate={false} />
        </LangProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
