// The demo widget in a real Chromium: a message typed during an outage, then a page reload in the
// middle of it. The store (localStorage) carries the message across the reload; the hub's ledger
// shows it delivered exactly once when the network comes back.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startDemo, type Demo } from '../../lib/cli/demo-server.js';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';
import { userTextsOf } from '../emulator/support/user-texts.js';

jest.setTimeout(30_000);

describe('demo widget: reload in the middle of an outage', () => {
  let demo: Demo;
  let context: BrowserContext;
  let page: Page;
  let profileDir: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    }
    demo = await startDemo({ port: 0 });
    profileDir = mkdtempSync(join(tmpdir(), 'captivate-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await context?.close();
    await demo?.stop();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  const userLines = (text: string) => page.locator('.log li.user', { hasText: text });
  const delivered = (conversationId: string, text: string) =>
    userTextsOf(demo.emulator, conversationId).filter((sent) => sent === text);

  async function send(text: string): Promise<void> {
    await page.locator('.composer input').fill(text);
    await page.locator('.composer input').press('Enter');
  }

  /** Two more tabs of the same browser profile (one `localStorage`), each with a conversation started. */
  async function twoTabsInConversation(): Promise<{ tabs: [Page, Page]; ids: string[] }> {
    const tabs: [Page, Page] = [await context.newPage(), await context.newPage()];
    const ids: string[] = [];
    for (const tab of tabs) {
      tab.setDefaultTimeout(10_000);
      tab.on('pageerror', (error) => pageErrors.push(error.message));
      await tab.goto(demo.pageUrl);
      await tab.getByRole('button', { name: 'Start conversation' }).click();
      await tab.locator('.log li.bot', { hasText: 'Hello, I am the emulator bot.' }).waitFor();
      ids.push((await tab.getByTestId('conversation-id').textContent()) ?? '');
    }
    return { tabs, ids };
  }

  it('a message written into a dead link, then the page reloaded while offline: delivered once', async () => {
    const { emulator } = demo;
    await page.goto(demo.pageUrl);
    await page.getByRole('button', { name: 'Start conversation' }).click();
    await page.locator('.log li.bot', { hasText: 'Hello, I am the emulator bot.' }).waitFor();
    const id = (await page.getByTestId('conversation-id').textContent()) ?? '';

    // The gateway lost the link without telling anyone: the page still says "connected".
    emulator.swallow({ ms: 60_000 });
    await send('typed into the void');
    await page.locator('.log li.user[data-delivery="pending"]', { hasText: 'typed into the void' }).waitFor();
    // Then the network goes down for good, and the user reloads.
    emulator.refuseConnections(Infinity);
    emulator.terminateConnections();
    await page.reload();
    await page.locator('.log li.user[data-delivery="pending"]', { hasText: 'typed into the void' }).waitFor();
    expect(await page.getByTestId('conversation-id').textContent()).toBe(id);
    expect(delivered(id, 'typed into the void')).toHaveLength(0);

    emulator.acceptConnections();
    await page.locator('.log li.bot', { hasText: 'You said: typed into the void' }).waitFor();
    await page.waitForFunction(
      () => document.querySelectorAll('.log li.user[data-delivery="pending"]').length === 0,
    );
    expect(delivered(id, 'typed into the void')).toHaveLength(1);
    expect(await userLines('typed into the void').count()).toBe(1);

    // And the page carries on: a new message goes through once.
    await send('after the outage');
    await page.locator('.log li.bot', { hasText: 'You said: after the outage' }).waitFor();
    expect(delivered(id, 'after the outage')).toHaveLength(1);
    // The reload resumed the conversation, not a new start: the start trigger went once, before it,
    // and the bot did not greet again.
    expect(delivered(id, '')).toHaveLength(1);
    expect(await page.locator('.log li.bot', { hasText: 'Hello, I am the emulator bot.' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('two tabs sharing one localStorage, both reloaded during an outage: each message delivered once', async () => {
    const { emulator } = demo;
    const { tabs, ids } = await twoTabsInConversation();
    emulator.refuseConnections(Infinity);
    emulator.terminateConnections();
    for (const [n, tab] of tabs.entries()) {
      await tab.locator('.composer input').fill(`from tab ${n}`);
      await tab.locator('.composer input').press('Enter');
      await tab.locator('.log li.user[data-delivery="pending"]', { hasText: `from tab ${n}` }).waitFor();
    }
    for (const tab of tabs) await tab.reload();
    emulator.acceptConnections();
    for (const [n, tab] of tabs.entries()) {
      expect(await tab.getByTestId('conversation-id').textContent()).toBe(ids[n]);
      await tab.locator('.log li.bot', { hasText: `You said: from tab ${n}` }).waitFor();
    }
    for (const [n, id] of ids.entries()) {
      expect(delivered(id!, `from tab ${n}`)).toHaveLength(1);
      expect(delivered(id!, `from tab ${1 - n}`)).toHaveLength(0);
    }
    expect(pageErrors).toEqual([]);
  });

  it('a tab closed for good with an unsent message: another tab adopts it and delivers it once', async () => {
    const { emulator } = demo;
    const { tabs, ids } = await twoTabsInConversation();
    const [closing, staying] = tabs;
    const [closedId] = ids as [string];
    emulator.refuseConnections(Infinity);
    emulator.terminateConnections();
    await closing.locator('.composer input').fill('left in a closed tab');
    await closing.locator('.composer input').press('Enter');
    await closing
      .locator('.log li.user[data-delivery="pending"]', { hasText: 'left in a closed tab' })
      .waitFor();
    const owner = await closing.evaluate(() => sessionStorage.getItem('captivate-hub-rx:owner'));
    await closing.close(); // for good: its lock goes with it, its record stays in localStorage
    // The browser lets go of a closed tab's lock as it tears the page down: wait for that (a request
    // without `ifAvailable` is granted once the lock is free), bounded.
    await staying.evaluate(
      (name) => navigator.locks.request(name, { signal: AbortSignal.timeout(5_000) }, () => undefined),
      `captivate-hub-rx:owner:${owner}`,
    );
    await staying.reload(); // a start: the other tab's record is adopted
    emulator.acceptConnections();
    await staying.evaluate(() => window.dispatchEvent(new Event('online')));
    // Adopted once its lock has stayed free for `adoptAfterMs` (5 s: a reload takes it back sooner).
    await staying
      .locator('.log li.note[data-adopted]', { hasText: 'left by a closed tab' })
      .waitFor({ timeout: 20_000 });
    expect(await staying.locator('.log li.note[data-adopted]').getAttribute('data-adopted')).toBe(closedId);
    expect(delivered(closedId, 'left in a closed tab')).toHaveLength(1);
    // Delivered and forgotten: no record in localStorage keeps it, so no later tab sends it again.
    const records = await staying.evaluate(() => Object.values(localStorage).join('\n'));
    expect(records).not.toContain('left in a closed tab');
    expect(pageErrors).toEqual([]);
  });

  it('past 100 unconfirmed messages the oldest is marked failed; its retry delivers it once', async () => {
    const { emulator } = demo;
    const tab = await context.newPage();
    tab.setDefaultTimeout(10_000);
    await tab.goto(demo.pageUrl);
    await tab.getByRole('button', { name: 'Start conversation' }).click();
    await tab.locator('.log li.bot', { hasText: 'Hello, I am the emulator bot.' }).waitFor();
    const id = (await tab.getByTestId('conversation-id').textContent()) ?? '';
    emulator.refuseConnections(Infinity);
    emulator.terminateConnections();
    for (let n = 0; n <= 100; n += 1) {
      await tab.locator('.composer input').fill(`burst ${n}`);
      await tab.locator('.composer input').press('Enter');
    }
    const oldest = tab.locator('.log li.user[data-delivery="failed"]', { hasText: 'burst 0' });
    await oldest.waitFor();
    expect(await tab.locator('.log li.user[data-delivery="failed"]').count()).toBe(1);
    emulator.acceptConnections();
    // The network is back: the browser says so, which cuts the (by now long) backoff short.
    await tab.evaluate(() => window.dispatchEvent(new Event('online')));
    await tab.locator('.log li.bot', { hasText: 'You said: burst 100' }).waitFor();
    // Confirmed by the probe's answer; until then a retry would push the next oldest out.
    await tab.waitForFunction(
      () => document.querySelectorAll('.log li.user[data-delivery="pending"]').length === 0,
    );
    await oldest.getByRole('button', { name: 'Retry' }).click();
    await tab.locator('.log li.bot', { hasText: 'You said: burst 0' }).waitFor();
    await tab.waitForFunction(
      () =>
        document.querySelectorAll(
          '.log li.user[data-delivery="pending"], .log li.user[data-delivery="failed"]',
        ).length === 0,
    );
    expect(delivered(id, 'burst 0')).toHaveLength(1);
    expect(delivered(id, 'burst 100')).toHaveLength(1);
  });
});
