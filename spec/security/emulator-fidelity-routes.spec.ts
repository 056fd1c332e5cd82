import { request } from 'node:http';
import {
  ManualClock,
  startHubEmulator,
  TRANSCRIPT_PATH,
  type HubEmulator,
} from '../../lib/emulator/index.js';
import { COMPAT_MESSAGE_PATH } from '../../lib/emulator/http-routes.js';
import { ReceivedLedger } from '../../lib/emulator/ledger.js';
import { TrackedClients } from '../emulator/support/test-client.js';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, unknown>;
  readonly body: string;
}

/** An HTTP request on loopback with the given headers (Node's `fetch` would not send `Origin` as is). */
function http(url: string, method: string, headers: Record<string, string>, body = ''): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The answer-in-body POST and GET /api/transcript obey the same origin policy as every other route. */
describe('emulator HTTP answers and transcripts under the origin policy', () => {
  let hub: HubEmulator;
  const clients = new TrackedClients();
  afterEach(() => clients.closeAll(() => hub.stop()));

  it('refuses a foreign-origin post before the hub sees it; a loopback page gets its answer in the body', async () => {
    hub = await startHubEmulator();
    const client = await clients.open(hub.urlWithKey('k'));
    const id = await client.start({ userId: 'u', metadata: { topic: 'x' } }, { userFirst: true });
    const frame = JSON.stringify({
      action: 'sendMessage',
      event: {
        event_type: 'metadata_request',
        event_payload: { conversation_id: id },
        socket_id: client.socketId,
      },
    });
    const post = (origin: string) =>
      http(`${hub.httpUrl}${COMPAT_MESSAGE_PATH}`, 'POST', { origin, 'x-api-key': 'k' }, frame);
    const before = hub.received.total;

    const foreign = await post('https://evil.test');
    expect(foreign.status).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    expect(hub.received.total).toBe(before);

    const local = await post('http://localhost:4200');
    expect(local.status).toBe(200);
    expect(local.headers['access-control-allow-origin']).toBe('http://localhost:4200');
    expect(JSON.parse(local.body)).toMatchObject({ ok: true, event_type: 'conversation_metadata' });
    expect(hub.received.all().at(-1)).toMatchObject({ via: 'http', eventType: 'metadata_request' });
  });

  it('lets only allowed origins read GET /api/transcript (CORS echoes them, never *)', async () => {
    hub = await startHubEmulator({ allowedOrigins: ['http://192.168.1.20:4200'] });
    const client = await clients.open(hub.urlWithKey('k'));
    const id = await client.start({}, { userFirst: true });
    const get = (origin: string) =>
      http(`${hub.httpUrl}${TRANSCRIPT_PATH}?conversation_id=${encodeURIComponent(id)}`, 'GET', {
        origin,
        'x-api-key': 'k',
      });
    expect((await get('https://evil.test')).headers['access-control-allow-origin']).toBeUndefined();
    const allowed = await get('http://192.168.1.20:4200');
    expect(allowed.status).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('http://192.168.1.20:4200');
  });
});

describe('the received ledger with both a clock and a byte budget', () => {
  it('stamps entries with the injected clock and drops the oldest past maxBytes', () => {
    const clock = new ManualClock(1_000);
    const ledger = new ReceivedLedger({ capacity: 100, maxBytes: 1_000, now: () => clock.now() });
    const event = (n: number) => ({
      connectionId: 'c',
      via: 'socket' as const,
      eventType: 'user_message',
      conversationId: undefined,
      clientMsgId: undefined,
      payload: { n },
    });
    for (let n = 0; n < 10; n++) {
      ledger.record(event(n), 300);
      clock.advance(10);
    }
    const kept = ledger.all();
    expect(kept.length * 300).toBeLessThanOrEqual(1_000);
    expect(kept.at(-1)).toMatchObject({ seq: 10, at: 1_090, payload: { n: 9 } });
    expect(ledger.total).toBe(10);
  });
});
