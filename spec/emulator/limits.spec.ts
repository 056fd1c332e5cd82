import {
  ManualClock,
  startHubEmulator,
  type HubEmulator,
  type HubEmulatorOptions,
} from '../../lib/emulator/index.js';
import { TestClient, TrackedClients } from './support/test-client.js';

/** The gateway's limits on the emulator's virtual clock: no wall-clock wait anywhere. */
describe('hub emulator — gateway limits', () => {
  let hub: HubEmulator | undefined;
  let clock: ManualClock;
  const clients = new TrackedClients();
  const start = async (options: HubEmulatorOptions) => {
    clock = new ManualClock();
    hub = await startHubEmulator({ clock, ...options });
    return hub;
  };
  /** A message the emulator has read and answered (so its arrival time is on the clock). */
  const exchange = async (client: TestClient, id: string, text: string) => {
    client.say(id, text);
    await client.take('bot_message', (e) => e.event_payload['content'][0].text === `You said: ${text}`);
  };
  const pingPong = (client: TestClient) =>
    new Promise<void>((resolve) => {
      client.ws.once('pong', () => resolve());
      client.ws.ping();
    });
  const open = (url = hub!.url) => clients.open(url);
  afterEach(() => clients.closeAll(() => hub?.stop() ?? Promise.resolve()));

  it('closes an idle connection with 1001 Going away', async () => {
    await start({ limits: { idleTimeoutMs: 60_000 } });
    const client = await open();
    clock.advance(59_999);
    await pingPong(client); // still served
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    clock.advance(1);
    expect(await client.closed).toEqual({ code: 1001, reason: 'Going away' });
  });

  it('counts data frames as activity', async () => {
    await start({ limits: { idleTimeoutMs: 80 } });
    const client = await open();
    const id = await client.start({}, { userFirst: true });
    for (let i = 0; i < 5; i += 1) {
      clock.advance(40);
      await exchange(client, id, `keep-alive ${i}`);
    }
    expect(client.ws.readyState).toBe(client.ws.OPEN); // 200 ms after opening, never 80 idle
    clock.advance(79);
    await pingPong(client);
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    clock.advance(1);
    expect((await client.closed).code).toBe(1001);
  });

  it('does not count pings as activity unless pingsCountAsActivity', async () => {
    await start({ limits: { idleTimeoutMs: 80 } });
    const pinged = await open();
    clock.advance(60);
    await pingPong(pinged);
    clock.advance(20);
    expect((await pinged.closed).code).toBe(1001);
    await hub!.stop();

    await start({ limits: { idleTimeoutMs: 80, pingsCountAsActivity: true } });
    const kept = await open();
    clock.advance(60);
    await pingPong(kept);
    clock.advance(60); // 120 since opening, 60 since the ping
    await pingPong(kept);
    expect(kept.ws.readyState).toBe(kept.ws.OPEN);
  });

  it('closes every connection at the maximum duration, busy or not', async () => {
    await start({ limits: { maxConnectionMs: 80 } });
    const client = await open();
    const id = await client.start({}, { userFirst: true });
    for (let i = 0; i < 4; i += 1) {
      await exchange(client, id, `busy ${i}`);
      clock.advance(19);
    }
    expect(client.ws.readyState).toBe(client.ws.OPEN); // 76 ms, busy all along
    clock.advance(4);
    expect(await client.closed).toEqual({ code: 1001, reason: 'Going away' });
  });

  it('closes with 1009 on a client message over maxMessageBytes; other sockets are unaffected', async () => {
    await start({ limits: { maxMessageBytes: 1000 } });
    const [big, other] = [await open(), await open()];
    big.ws.send(JSON.stringify({ action: 'sendMessage', event: { event_type: 'x', pad: 'y'.repeat(1000) } }));
    expect((await big.closed).code).toBe(1009);
    expect(await other.start()).toMatch(/^anon-/);
  });

  it('closes with 1009 on a message over maxFrameBytes when set', async () => {
    await start({ limits: { maxFrameBytes: 500 } });
    const client = await open();
    const id = await client.start();
    client.say(id, 'z'.repeat(200));
    await client.take('bot_message', (e) => e.event_payload['content'][0].text.length > 200);
    client.say(id, 'z'.repeat(600));
    expect(await client.closed).toEqual({ code: 1009, reason: 'Message too big' });
  });

  it('refuses upgrades over newConnectionsPerSecond with 429, for the rest of that second', async () => {
    await start({ limits: { newConnectionsPerSecond: 2 } });
    await open();
    await open();
    expect(await TestClient.refusedStatus(hub!.url)).toBe(429);
    clock.advance(999);
    expect(await TestClient.refusedStatus(hub!.url)).toBe(429);
    clock.advance(1);
    await open();
  });

  it('refuses upgrade URLs longer than maxUrlLength with 414', async () => {
    await start({ limits: { maxUrlLength: 100 } });
    expect(await TestClient.refusedStatus(`${hub!.url}/?apikey=${'k'.repeat(100)}`)).toBe(414);
    await open();
  });
});
