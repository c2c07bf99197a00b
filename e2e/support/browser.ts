import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium, launched as architecture.md says. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export const DESKTOP = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** A fresh browser profile (own cookies) at desktop or phone size, in Shanghai's time zone unless told otherwise. */
export async function context(browser: Browser, baseURL: string, opts: { phone?: boolean; timezoneId?: string } = {}): Promise<BrowserContext> {
  const ctx = await browser.newContext({
    baseURL,
    viewport: opts.phone ? PHONE : DESKTOP,
    deviceScaleFactor: 1,
    isMobile: !!opts.phone,
    hasTouch: !!opts.phone,
    locale: 'zh-CN',
    timezoneId: opts.timezoneId ?? 'Asia/Shanghai',
    // the app honours reduced motion (no zoom-in of dialogs): a click never lands on a dialog still opening
    reducedMotion: 'reduce',
  });
  ctx.setDefaultTimeout(15_000);
  return ctx;
}

/** Page problems that fail a test: uncaught errors, CSP violations (an inline script would be one). */
export function watch(page: Page, problems: string[]): void {
  page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    const text = m.text();
    if (m.type() === 'error' && /Content Security Policy|Refused to (execute|load|apply)/i.test(text)) problems.push(`${page.url()}: ${text}`);
  });
}

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  page: string;
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/**
 * axe-core in the page (evaluated through the DevTools protocol, so the CSP stays on): WCAG 2.1 A/AA
 * rules. Returns the serious and critical findings.
 */
export async function axe(page: Page, label: string): Promise<AxeFinding[]> {
  // transitions (hover, focus waves, popups opening or closing) end first: axe reads colours as they are
  await page.waitForTimeout(400);
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const w = window as unknown as {
      axe: {
        run: (
          ctx: unknown,
          opts: unknown,
        ) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary?: string }[] }[] }>;
      };
    };
    return w.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      page: label,
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)}`),
    }));
}

export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../docs/screenshots');

export async function shot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const size = page.viewportSize();
  const suffix = size && size.width < 600 ? 'phone' : 'desktop';
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${suffix}.png`), fullPage: opts.fullPage ?? false, animations: 'disabled' });
}
