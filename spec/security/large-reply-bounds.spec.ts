import { firstValueFrom } from 'rxjs';
import { connectHub } from '../../lib/hub/connect-hub.js';
import type { FetchLike, HubOptions } from '../../lib/options.js';
import { hubHttpOrigin, isTrustedLink, trustedOriginsOf } from '../../lib/conversation/trusted-origins.js';
import { FakeConnection, fakeHub, record } from '../client/support/fake-connection.js';

const HUB = 'wss://hub.test';
const tooLarge = (link: string) => ({ conversation_id: 'c1', error_code: 413, message_link: link });
const reply = (text: string) => Response.json({ botMessage: { content: [{ type: 'text', text }] } });

describe('the origin policy of the API key', () => {
  it.each([
    ['wss://hub.test/dev', 'https://hub.test'],
    ['wss://hub.test:8443/dev', 'https://hub.test:8443'],
    ['ws://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['ws://localhost:8787', 'http://localhost:8787'],
    ['ws://[::1]:8787', 'http://[::1]:8787'],
    ['ws://hub.test', undefined], // plain HTTP off the machine would expose the key
    ['ws://10.0.0.5:8787', undefined],
    ['not a url', undefined],
  ])('a hub at %s trusts %s', (socketUrl, origin) => {
    expect(hubHttpOrigin(socketUrl)).toBe(origin);
  });

  it('matches whole origins only: scheme, host and port', () => {
    const trusted = trustedOriginsOf('wss://hub.test', ['https://api.vendor.test/', 'javascript:alert(1)']);
    expect([...trusted]).toEqual(['https://hub.test', 'https://api.vendor.test']);
    expect(isTrustedLink('https://hub.test/m/1', trusted)).toBe(true);
    expect(isTrustedLink('https://hub.test:443/m/1', trusted)).toBe(true);
    expect(isTrustedLink('https://api.vendor.test/m/1', trusted)).toBe(true);
    for (const link of [
      'http://hub.test/m/1',
      'https://hub.test:444/m/1',
      'https://hub.test.evil.test/m/1',
      'https://evil.test/?https://hub.test',
      '//hub.test/m/1',
      '/m/1',
      'ftp://hub.test/m/1',
    ])
      expect(isTrustedLink(link, trusted)).toBe(false);
  });
});

describe('large-reply fetches are bounded', () => {
  afterEach(() => jest.useRealTimers());

  it('fails with MESSAGE_FETCH_FAILED after largeReplyTimeoutMs and aborts the request', async () => {
    jest.useFakeTimers();
    let signal: AbortSignal | undefined;
    const fetch: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => {
        signal = init.signal;
        init.signal?.addEventListener('abort', () => reject(new Error('aborted')));
      });
    const { hub, connection } = fakeHub({ url: HUB, fetch, largeReplyTimeoutMs: 2_000 });
    const errors = record(hub.conversation('c1').errors$);
    connection.receive('general_error', tooLarge('https://hub.test/m/1'));
    await jest.advanceTimersByTimeAsync(1_999);
    expect(errors.values).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(signal?.aborted).toBe(true);
    expect(errors.values).toMatchObject([{ code: 'MESSAGE_FETCH_FAILED', conversationId: 'c1' }]);
    hub.close();
  });

  it('stops reading a body past largeReplyMaxBytes', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull: (controller) => {
        pulled++;
        controller.enqueue(new Uint8Array(1024).fill(0x20));
      },
    });
    const fetch: FetchLike = async () => new Response(endless);
    const { hub, connection } = fakeHub({ url: HUB, fetch, largeReplyMaxBytes: 10_000 });
    const conversation = hub.conversation('c1');
    const messages = record(conversation.messages$);
    const error = firstValueFrom(conversation.errors$);
    connection.receive('general_error', tooLarge('https://hub.test/m/1'));
    expect(await error).toMatchObject({ code: 'MESSAGE_FETCH_FAILED', status: 200 });
    expect(pulled).toBeLessThan(20);
    expect(messages.values).toEqual([]);
    hub.close();
  });

  it('fetches the same link once, and shows its message once', async () => {
    const urls: string[] = [];
    const fetch: FetchLike = async (url) => (urls.push(url), reply('once'));
    const { hub, connection } = fakeHub({ url: HUB, fetch });
    const conversation = hub.conversation('c1');
    const messages = record(conversation.messages$);
    for (let i = 0; i < 50; i++)
      connection.receive('general_error', tooLarge('https://hub.test/m/1'), `e${i}`);
    // The fake fetch answers within a few ticks; then give duplicates as many more to show up.
    for (let tick = 0; tick < 50; tick++) await new Promise((resolve) => setImmediate(resolve));
    expect(urls).toEqual(['https://hub.test/m/1']);
    expect(messages.values.map((m) => m.source)).toEqual(['link']);
    hub.close();
  });

  it('keeps at most largeReplyConcurrency fetches in flight per conversation; the rest fail at once', async () => {
    const urls: string[] = [];
    const fetch: FetchLike = (url) => (urls.push(url), new Promise(() => undefined));
    const { hub, connection } = fakeHub({ url: HUB, fetch });
    const first = record(hub.conversation('c1').errors$);
    const second = record(hub.conversation('c2').errors$);
    for (let i = 0; i < 300; i++) connection.receive('general_error', tooLarge(`https://hub.test/m/${i}`));
    connection.receive('general_error', { ...tooLarge('https://hub.test/other'), conversation_id: 'c2' });
    expect(urls).toHaveLength(5); // 4 for c1 (the default), 1 for c2
    expect(first.values).toHaveLength(296);
    expect(first.values.every((e) => e.code === 'MESSAGE_FETCH_FAILED')).toBe(true);
    expect(second.values).toEqual([]);
    hub.close();
  });

  it('keeps its state per hub: one options object for two hubs shares nothing, a reopened conversation reuses it', async () => {
    const urls: string[] = [];
    const fetch: FetchLike = async (url) => (urls.push(url), reply('once'));
    const options: HubOptions = { url: HUB, apiKey: 'secret-key', fetch };
    const connections = [new FakeConnection(), new FakeConnection()];
    const hubs = connections.map((connection) => connectHub(options, { createConnection: () => connection }));
    const settle = async () => {
      for (let tick = 0; tick < 20; tick++) await new Promise((resolve) => setImmediate(resolve));
    };
    const seen = hubs.map((hub) => record(hub.conversation('c1').messages$));
    for (const connection of connections)
      connection.receive('general_error', tooLarge('https://hub.test/m/1'));
    await settle();
    // Each hub fetched the link for its own conversation: the second is not taken for a duplicate.
    expect(urls).toEqual(['https://hub.test/m/1', 'https://hub.test/m/1']);
    expect(seen.map((messages) => messages.values.length)).toEqual([1, 1]);
    // The conversation closed and opened again on the same hub: the link it read is still known.
    hubs[0]!.conversation('c1').close();
    const reopened = record(hubs[0]!.conversation('c1').messages$);
    connections[0]!.receive('general_error', tooLarge('https://hub.test/m/1'), 'e-again');
    await settle();
    expect(urls).toHaveLength(2);
    expect(reopened.values).toEqual([]);
    for (const hub of hubs) hub.close();
  });
});
