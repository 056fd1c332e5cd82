import { webSocket } from 'rxjs/webSocket';
import { createHubConnection } from '../../lib/connection/create-hub-connection.js';
import { startScriptedHub, type ScriptedHub } from './support/scripted-hub.js';
import { next, nextState, record } from './support/observe.js';
import type { HubConnection } from '../../lib/connection/hub-connection.js';

describe('WebSocket constructor and the API key', () => {
  let hub: ScriptedHub;
  let connection: HubConnection | undefined;
  beforeEach(async () => (hub = await startScriptedHub()));
  afterEach(async () => {
    connection?.close();
    await hub.stop();
  });

  it('RxJS webSocket throws on Node 20 without a constructor; our default (isomorphic-ws) connects', async () => {
    expect(typeof (globalThis as { WebSocket?: unknown }).WebSocket).toBe('undefined');
    expect(() => webSocket('ws://127.0.0.1:9')).toThrow();
    connection = createHubConnection({ url: hub.url, apiKey: 'k', heartbeat: false });
    connection.hold();
    await expect(nextState(connection.status$, 'connected')).resolves.toMatchObject({ socketId: 's0' });
  });

  it('URL-encodes the key under apiKeyParam, after an existing query', async () => {
    connection = createHubConnection({
      url: `${hub.url}?region=eu`,
      apiKey: 'a&b=c/d é',
      apiKeyParam: 'apiKey',
      heartbeat: false,
    });
    connection.hold();
    await nextState(connection.status$, 'connected');
    expect(hub.requestUrls[0]).toBe('/dev?region=eu&apiKey=a%26b%3Dc%2Fd%20%C3%A9');
    const query = new URL(`http://x${hub.requestUrls[0]}`).searchParams;
    expect(query.get('apiKey')).toBe('a&b=c/d é');
  });

  it('never puts the key in a log line, a status or an error, even when the implementation echoes the URL', async () => {
    const apiKey = 'top-secret/key';
    const lines: string[] = [];
    const log = (message: string, details?: Record<string, unknown>) =>
      lines.push(message + JSON.stringify(details));
    connection = createHubConnection(
      {
        url: 'not a url at all',
        apiKey,
        heartbeat: false,
        reconnect: { initialDelayMs: 1, maxAttempts: 2 },
        logger: { debug: log, info: log, warn: log, error: log },
      },
      { random: () => 1 },
    );
    const statuses = record(connection.status$);
    connection.hold();
    const closed = await nextState(connection.status$, 'closed');
    const texts = [
      ...lines,
      ...statuses.values.map((s) => JSON.stringify(s)),
      ...statuses.values.flatMap((s) =>
        'lastError' in s ? [s.lastError.message, String(s.lastError.cause)] : [],
      ),
      closed.error?.message ?? '',
      String(closed.error?.cause),
    ];
    expect(lines.length).toBeGreaterThan(0);
    expect(closed.error?.message).toMatch(/Invalid URL/);
    for (const text of texts) {
      expect(text).not.toContain('top-secret');
      expect(text).not.toContain(encodeURIComponent(apiKey));
    }
  });

  it('leaves nothing running after the last subscriber leaves, so a script can exit', async () => {
    connection = createHubConnection({ url: hub.url, apiKey: 'k' });
    const sub = connection.events$.subscribe();
    await nextState(connection.status$, 'connected');
    const server = await hub.socket(0);
    const closed = new Promise<number>((resolve) => server.once('close', (code) => resolve(code)));
    sub.unsubscribe();
    expect(await closed).toBe(1000);
    await next(connection.status$, (s) => s.state === 'idle');
  });
});
