import { StrictMode, startTransition } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { App } from './app/App';
import { router } from './app/router';
import { storedLang } from './lib/i18n';
import './app/global.css';
// the public pages' own styles belong to the public shell: in the entry's stylesheet, which the
// prerendered pages carry inline (no stylesheet arriving with a page's code to restyle what is painted)
import './features/directory/directory.css';
import './features/publicity/publicity.css';
import './features/verify/verify.css';

const container = document.getElementById('root')!;
const app = (
  <StrictMode>
    <App />
  </StrictMode>
);
// A public page arrives painted (web/src/prerender.tsx, sent by server/src/web-static.ts for its address).
// Its first render here is held until the router has the page's code (preloaded with the entry), so
// that it is the page, not a blank fallback; then the HTML is hydrated — when it is what this render
// would draw (the same address, in Chinese) — or else drawn over. Either as a transition: React works
// in slices and yields to the browser, instead of one long task after the first paint.
/** Resolves once the router has loaded the code of the page at this address. */
function routerReady(): Promise<void> {
  if (router.state.initialized) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = router.subscribe((s) => {
      if (!s.initialized) return;
      stop();
      resolve();
    });
  });
}

const prerendered = container.dataset.prerendered;
if (prerendered !== undefined) {
  void routerReady().then(() => {
    const same = prerendered === decodeURIComponent(location.pathname) + location.search && storedLang() === 'zh';
    startTransition(() => {
      if (same) hydrateRoot(container, app);
      else createRoot(container).render(app);
    });
  });
} else {
  createRoot(container).render(app);
}
