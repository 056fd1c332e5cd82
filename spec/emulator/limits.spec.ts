import { startHubEmulator, type HubEmulator, type HubEmulatorOptions } from '../../lib/emulator/index.js';
import { pause, TestClient, TrackedClients } from './support/test-client.js';

describe('hub emulator — gateway limits', () => {
  let hub: HubEmulator | undefined;
  const clients = new TrackedClients();
  const start = async (options: HubEmulatorOptions) => {
    hub = await startHubEmulator(options);
    return hub;
  };
  const open = (url = hub!.url) => clients.open(url);
  afterEach(() => clients.closeAll(() => hub?.stop() ?? Promise.resolve()));

  it('closes an idle connection with 1001 Going away', async () => {
    await start({ limits: { idleTimeoutMs: 60 } });
    const client = await open();
    const opened = Date.now();
    expect(await client.closed).toEqual({ code: 1001, reason: 'Going away' });
    expect(Date.now() - opened).toBeGreaterThanOrEqual(50);
  });

  it('counts data frames as activity', async () => {
    await start({ limits: { idleTimeoutMs: 80 } });
    const client = await open();
    const id = await client.start();
    for (let i = 0; i < 5; i += 1) {
      await pause(40);
      client.say(id, `keep-alive ${i}`);
    }
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    expect((await client.closed).code).toBe(1001);
  });

  it('does not count pings as activity unless pingsCountAsActivity', async () => {
    await start({ limits: { idleTimeoutMs: 80 } });
    const pinged = await open();
    const timer = setInterval(() => pinged.ws.ping(), 20);
    try {
      expect((await pinged.closed).code).toBe(1001);
    } finally {
      clearInterval(timer);
    }
    await hub!.stop();

    await start({ limits: { idleTimeoutMs: 80, pingsCountAsActivity: true } });
    const kept = await open();
    const keep = setInterval(() => kept.ws.ping(), 20);
    await pause(200);
    clearInterval(keep);
    expect(kept.ws.readyState).toBe(kept.ws.OPEN);
  });

  it('closes every connection at the maximum duration, busy or not', async () => {
    await start({ limits: { maxConnectionMs: 80 } });
    const client = await open();
    const id = await client.start();
    const busy = setInterval(() => client.say(id, 'busy'), 10);
    try {
      expect(await client.closed).toEqual({ code: 1001, reason: 'Going away' });
    } finally {
      clearInterval(busy);
    }
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

  it('refuses upgrades over newConnectionsPerSecond with 429', async () => {
    await start({ limits: { newConnectionsPerSecond: 2 } });
    await open();
    await open();
    expect(await TestClient.refusedStatus(hub!.url)).toBe(429);
  });

  it('refuses upgrade URLs longer than maxUrlLength with 414', async () => {
    await start({ limits: { maxUrlLength: 100 } });
    expect(await TestClient.refusedStatus(`${hub!.url}/?apikey=${'k'.repeat(100)}`)).toBe(414);
    await open();
  });
});
