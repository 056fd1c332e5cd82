// The demo widget of `npm start` in a real Chromium, with the browser's own WebSocket: start a
// conversation, pick a quick reply, chat, lose the connection, recover, and carry on in the same
// conversation (checked in the emulator's ledger), then reach an agent.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startDemo, type Demo } from '../../lib/cli/demo-server.js';
import { openBrowser, recordTexts, type Browser } from './chromium.js';

const SCREENSHOT = join('artifacts', 'demo-widget.png');

jest.setTimeout(40_000);

describe('demo widget in Chromium', () => {
  let demo: Demo;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    demo = await startDemo({ port: 0 });
    browser = await openBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  const status = () => page.getByTestId('status');
  const conversationId = () => page.getByTestId('conversation-id');
  const botLine = (text: string) => page.locator('.log li.bot', { hasText: text });
  const note = (text: string) => page.locator('.log li.note', { hasText: text });
  const choice = (label: string) => page.locator('.log .choices button', { hasText: label });

  async function send(text: string): Promise<void> {
    await page.locator('.composer input').fill(text);
    await page.locator('.composer input').press('Enter');
  }

  /** The user messages the hub received with this text, from the emulator's ledger. */
  const received = (text: string) =>
    demo.emulator.received
      .ofType('user_message')
      .filter((event) => (event.payload['content'] as { text?: unknown } | undefined)?.text === text);

  it('chats in words a user understands, survives a dropped connection in the same conversation, reaches an agent', async () => {
    await page.goto(demo.pageUrl);
    const statusTexts = await recordTexts(page, '[data-testid="status"]');
    await page.getByRole('button', { name: 'Start conversation' }).click();

    await expectText(conversationId(), /^demo/);
    await botLine('Hello, I am the emulator bot.').waitFor();
    await expectAttribute(status(), 'data-state', 'connected');
    await expectText(status(), /^Online$/);
    const [start] = demo.emulator.received.ofType('conversation_start');
    expect(await conversationId().textContent()).toBe(start?.conversationId);
    // Bot-first against the production-like default bot: one start trigger, one greeting.
    expect(received('')).toHaveLength(1);
    expect(await botLine('Hello, I am the emulator bot.').count()).toBe(1);

    // A quick reply shows its label, the hub gets its value, the bot answers, and the choice is spent.
    await choice('Opening hours').click();
    await page.locator('.log li.user', { hasText: 'Opening hours' }).waitFor();
    await botLine('We are open').waitFor();
    expect(received('hours')).toHaveLength(1);
    expect(await page.locator('.log li.user', { hasText: /^hours$/ }).count()).toBe(0);
    for (const label of ['Opening hours', 'Talk to a person', 'Contact us']) {
      expect(await choice(label).isDisabled()).toBe(true);
    }

    mkdirSync('artifacts', { recursive: true });
    await page.screenshot({ path: join('artifacts', 'demo-widget-choices.png') });

    await send('hello from chromium');
    await botLine('You said: hello from chromium').waitFor();

    // One drop: one note, rewritten in place when the link is back; the pill never shows a count
    // or a code (the library's attempt counter only resets after 10 s of stable connection).
    await page.getByRole('button', { name: 'Drop connection' }).click();
    await note('Connection lost and restored').waitFor();
    await expectAttribute(status(), 'data-state', 'connected');
    expect(await note('Connection lost').count()).toBe(1);
    const texts = await statusTexts();
    expect(texts).toContain('Reconnecting…');
    for (const text of texts)
      expect(['Not connected yet', 'Connecting…', 'Online', 'Reconnecting…']).toContain(text);

    // The conversation carries on: checked on the hub's side, the next message arrives on a new
    // socket and reaches the same conversation.
    await send('still there?');
    await botLine('You said: still there?').waitFor();
    const [before] = received('hello from chromium');
    const [after] = received('still there?');
    expect(after?.conversationId).toBe(start?.conversationId);
    expect(after?.connectionId).not.toBe(before?.connectionId);
    expect(demo.emulator.connections()).toHaveLength(1);

    // A longer outage (the hub refuses new sockets): still one note, and the pill counts the tries
    // of this outage only, once the first has failed.
    demo.emulator.refuseConnections(Infinity);
    await page.getByRole('button', { name: 'Drop connection' }).click();
    await expectText(status(), /^Reconnecting… \(try [2-9]\)$/);
    await page.screenshot({ path: join('artifacts', 'demo-widget-reconnecting.png') });
    expect(await note('Connection lost').count()).toBe(2);
    demo.emulator.acceptConnections();
    // The next try comes after the backoff of this outage (full jitter, up to 4 s by the third).
    await expectText(page.locator('.log li.note').last(), /^Connection lost and restored/, 15_000);
    await expectText(status(), /^Online$/);
    expect(await note('Connection lost').count()).toBe(2);
    for (const text of await statusTexts())
      expect(text).toMatch(/^(Not connected yet|Connecting…|Online|Reconnecting…( \(try \d+\))?)$/);

    await page.getByRole('button', { name: 'Talk to a human' }).click();
    await page.locator('.log li.agent', { hasText: 'this is Sam' }).waitFor();
    await note('Sam joined the conversation.').waitFor();
    expect(await page.locator('.log li.note.error').count()).toBe(0);
    expect(await page.locator('.log').textContent()).not.toMatch(/[A-Z]+_[A-Z_]+/); // no raw error codes
    expect(browser.pageErrors).toEqual([]);
    expect(browser.failedRequests).toEqual([]);

    await page.screenshot({ path: SCREENSHOT });
  });

  /** Waits until the element's text matches; `timeout` for waits that span reconnect backoff. */
  async function expectText(
    locator: ReturnType<Page['locator']>,
    pattern: RegExp,
    timeout?: number,
  ): Promise<void> {
    await page.waitForFunction(
      ({ element, source }) => new RegExp(source).test(element?.textContent ?? ''),
      { element: await locator.elementHandle(), source: pattern.source },
      timeout === undefined ? {} : { timeout },
    );
  }

  async function expectAttribute(
    locator: ReturnType<Page['locator']>,
    name: string,
    value: string,
  ): Promise<void> {
    await page.waitForFunction(({ element, name, value }) => element?.getAttribute(name) === value, {
      element: await locator.elementHandle(),
      name,
      value,
    });
  }
});
