// The Angular example (examples/angular), built for real by `ng build`, in Chromium against the
// emulator: start a conversation, get a reply, pick a quick reply, survive a reconnect. Not part of
// `npm test` (it needs the example's own toolchain): `npm run test:angular` after
// `npm run build`, `npm ci` and `npm run build` in examples/angular (see .ci/run).
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { startHubEmulator, type HubEmulator } from '../../lib/emulator/index.js';
import { openBrowser, recordTexts, type Browser } from './chromium.js';

const APP_DIR = join(__dirname, '..', '..', 'examples', 'angular', 'dist', 'browser');
const API_KEY = 'angular-e2e-key';
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.txt': 'text/plain',
};

jest.setTimeout(20_000);

/** The built app's files by URL path, read once: requests never reach the file system. */
function builtApp(): Map<string, { type: string; body: Buffer }> {
  if (!existsSync(join(APP_DIR, 'index.html'))) {
    throw new Error(
      `No built Angular example in ${APP_DIR}: run npm ci and npm run build in examples/angular`,
    );
  }
  const files = new Map<string, { type: string; body: Buffer }>();
  for (const name of readdirSync(APP_DIR)) {
    const type = TYPES[extname(name)];
    if (type) files.set(`/${name}`, { type, body: readFileSync(join(APP_DIR, name)) });
  }
  const index = files.get('/index.html');
  if (index) files.set('/', index);
  return files;
}

describe('Angular example, built, in Chromium', () => {
  let emulator: HubEmulator;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const files = builtApp();
    const live: { emulator?: HubEmulator } = {};
    // The app and the hub on one port: the emulator's HTTP handler serves the build, and a
    // hub-config.json that points the app at this emulator.
    const httpHandler = (request: IncomingMessage, response: ServerResponse): boolean => {
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      const file =
        path === '/hub-config.json' && live.emulator
          ? {
              type: 'application/json',
              body: Buffer.from(JSON.stringify({ url: live.emulator.url, apiKey: API_KEY })),
            }
          : files.get(path);
      if (request.method !== 'GET' || !file) return false;
      response.writeHead(200, { 'content-type': `${file.type}; charset=utf-8`, 'cache-control': 'no-store' });
      response.end(file.body);
      return true;
    };
    // The default bot, as the production hub's: the app starts bot-first and is greeted in answer to
    // its start trigger.
    emulator = await startHubEmulator({ port: 0, apiKeys: [API_KEY], httpHandler });
    live.emulator = emulator;
    browser = await openBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await emulator?.stop();
  });

  const status = () => page.getByTestId('status');
  const line = (from: 'user' | 'bot' | 'agent', text: string) =>
    page.locator(`li.${from}`, { hasText: text });
  const choice = (label: string) => page.locator('.choices button', { hasText: label });
  /** The user messages the hub received with this text, from the emulator's ledger. */
  const received = (text: string) =>
    emulator.received
      .ofType('user_message')
      .filter((event) => (event.payload['content'] as { text?: unknown } | undefined)?.text === text);

  async function send(text: string): Promise<void> {
    await page.getByPlaceholder('Type a message').fill(text);
    await page.getByPlaceholder('Type a message').press('Enter');
  }

  it('starts, gets a reply, picks a quick reply, and carries on in the same conversation after a reconnect', async () => {
    await page.goto(`${emulator.httpUrl}/`);
    const statusTexts = await recordTexts(page, '[data-testid="status"]');
    await page.getByRole('button', { name: 'Start a conversation' }).click();

    await line('bot', 'Hello, I am the emulator bot.').waitFor();
    const [start] = emulator.received.ofType('conversation_start');
    expect(start?.payload['userId']).toBe('angular');
    expect((await page.getByTestId('conversation-id').textContent())?.trim()).toBe(start?.conversationId);
    expect(received('')).toHaveLength(1);
    await status().and(page.locator('[data-state="connected"]')).filter({ hasText: 'Online' }).waitFor();

    // A quick reply: the chat shows its label, the hub gets its value, the bot answers, and the
    // greeting's buttons are spent.
    await choice('Opening hours').click();
    await line('user', 'Opening hours').waitFor();
    await line('bot', 'We are open').waitFor();
    expect(received('hours')).toHaveLength(1);
    expect(await choice('Contact us').isDisabled()).toBe(true);

    await send('hello angular');
    await line('bot', 'You said: hello angular').waitFor();
    expect(received('hello angular')).toHaveLength(1);

    // The reconnect: the emulator closes every socket (1012, not a routine close: a real retry).
    emulator.dropConnections({ code: 1012, reason: 'e2e drop' });
    await page.waitForFunction(
      () =>
        (window as unknown as { recordedTexts: string[] }).recordedTexts.includes('Reconnecting…') &&
        document.querySelector('[data-testid="status"]')?.getAttribute('data-state') === 'connected',
    );
    // Checked on the hub's side: the next message arrives on a new socket, in the same conversation.
    await send('after the drop');
    await line('bot', 'You said: after the drop').waitFor();
    const [before] = received('hello angular');
    const [after] = received('after the drop');
    expect(after?.conversationId).toBe(start?.conversationId);
    expect(after?.connectionId).not.toBe(before?.connectionId);
    expect(emulator.connections()).toHaveLength(1);

    const texts = await statusTexts();
    for (const text of texts)
      expect(['Not connected yet', 'Connecting…', 'Online', 'Reconnecting…']).toContain(text);
    expect(browser.pageErrors).toEqual([]);
    expect(browser.failedRequests).toEqual([]);

    mkdirSync('artifacts', { recursive: true });
    await page.screenshot({ path: join('artifacts', 'angular-example.png') });
  });
});
