// Debian's Chromium for the browser tests, launched the same way by every spec: headless, no
// sandbox (root in CI), and none of the background traffic a fresh profile would start.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** Headless Chromium's flags for this machine: no sandbox (root in CI), no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface Browser {
  readonly page: Page;
  /** Uncaught exceptions in the page. */
  readonly pageErrors: string[];
  /** Responses with status 400 or more, as `status url`. */
  readonly failedRequests: string[];
  close(): Promise<void>;
}

/** A fresh profile and one page, 520×720, with a 5 s default wait. */
export async function openBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  const profileDir = mkdtempSync(join(tmpdir(), 'captivate-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 520, height: 720 },
    });
  } catch (error) {
    rmSync(profileDir, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(5_000);
  const pageErrors: string[] = [];
  const failedRequests: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) failedRequests.push(`${response.status()} ${response.url()}`);
  });
  return {
    page,
    pageErrors,
    failedRequests,
    close: async () => {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/**
 * Records every text the element matching `selector` shows, from now on, in the page itself (a
 * MutationObserver), so a state that lasts a few milliseconds is not missed; returns a reader.
 */
export async function recordTexts(page: Page, selector: string): Promise<() => Promise<string[]>> {
  await page.waitForSelector(selector);
  await page.evaluate((selector) => {
    const element = document.querySelector(selector)!;
    const seen: string[] = [element.textContent?.trim() ?? ''];
    new MutationObserver(() => seen.push(element.textContent?.trim() ?? '')).observe(element, {
      childList: true,
      characterData: true,
      subtree: true,
    });
    (window as unknown as { recordedTexts: string[] }).recordedTexts = seen;
  }, selector);
  return () => page.evaluate(() => (window as unknown as { recordedTexts: string[] }).recordedTexts);
}
