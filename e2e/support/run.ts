import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterEach, beforeEach } from 'vitest';
import { samplePdf } from '../../server/src/test-support/harness.js';
import { axe, context, launch, watch, type AxeFinding } from './browser.js';

/**
 * One browser for a test file. Every page it opens is watched (page errors and CSP violations go to
 * `problems`); `check` runs axe-core on a page as it is now (findings go to `findings`). A file
 * asserts both lists at its end, for all pages at once.
 */
export class BrowserRun {
  readonly findings: AxeFinding[] = [];
  readonly problems: string[] = [];
  readonly contexts: BrowserContext[] = [];
  private browser: Browser | undefined;
  private base = '';

  async start(baseUrl: string): Promise<void> {
    this.base = baseUrl;
    this.browser = await launch();
  }

  /** A page in a fresh browser profile (own cookies), at desktop or phone size; its problems go to `problems` unless told otherwise. */
  open = async (opts: { phone?: boolean; timezoneId?: string; problems?: string[] } = {}): Promise<Page> => {
    if (!this.browser) throw new Error('BrowserRun.start() first');
    const { problems = this.problems, ...size } = opts;
    const ctx = await context(this.browser, this.base, size);
    this.contexts.push(ctx);
    const page = await ctx.newPage();
    watch(page, problems);
    return page;
  };

  /** axe on the page as it is now; the findings are asserted at the end (all pages at once). */
  check = async (page: Page, label: string): Promise<void> => {
    await page.waitForLoadState('networkidle');
    // let opening/closing animations finish (a fading popup is not what a person reads)
    await page.waitForTimeout(300);
    this.findings.push(...(await axe(page, label)));
  };

  /** What every open page shows, full length, to .test-data/ (not committed). */
  async screenshots(name: string): Promise<void> {
    let n = 0;
    for (const c of this.contexts)
      for (const p of c.pages()) await p.screenshot({ path: `.test-data/e2e-failure-${name}-${n++}.png`, fullPage: true }).catch(() => {});
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => {});
    await this.browser?.close();
  }
}

/**
 * For a describe whose tests build on each other: after a failure the rest are skipped, not failed
 * again, and what every open page showed is kept (BrowserRun.screenshots).
 */
export function stepwise(run: BrowserRun): void {
  let broken = false;
  beforeEach((t) => {
    if (broken) t.skip();
  });
  afterEach(async (t) => {
    if (t.task.result?.state !== 'fail') return;
    broken = true;
    await run.screenshots(t.task.name.slice(0, 20).replace(/\W+/g, '-'));
  });
}

/** A small valid PDF, as a file the browser's file input takes. */
export const pdf = (name: string) => ({ name, mimeType: 'application/pdf', buffer: samplePdf(name) });
