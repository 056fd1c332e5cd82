import { ManualClock, startHubEmulator, type HubEmulator } from '../../lib/emulator/index.js';
import { roundTrip, TestClient, TrackedClients, until } from './support/test-client.js';

describe('hub emulator — faults', () => {
  let hub: HubEmulator;
  let clock: ManualClock;
  const clients = new TrackedClients();
  const open = () => clients.open(hub.url);
  beforeEach(async () => {
    clock = new ManualClock();
    hub = await startHubEmulator({ clock });
  });
  afterEach(() => clients.closeAll(() => hub.stop()));

  it('dropConnections closes cleanly with the given code and reason (default 1001 Going away)', async () => {
    const [a, b] = [await open(), await open()];
    hub.dropConnections({ code: 4000, reason: 'maintenance', connectionId: a.socketId });
    expect(await a.closed).toEqual({ code: 4000, reason: 'maintenance' });
    hub.dropConnections();
    expect(await b.closed).toEqual({ code: 1001, reason: 'Going away' });
  });

  it('terminateConnections ends sockets without a close frame (1006)', async () => {
    const client = await open();
    hub.terminateConnections();
    expect((await client.closed).code).toBe(1006);
  });

  it('freeze makes a connection half-open: no pong, no answers; unfreeze lets it flow again', async () => {
    const client = await open();
    const id = await client.start();
    await client.take('bot_message');
    hub.freeze();
    expect(hub.connections()[0]?.frozen).toBe(true);
    let pongs = 0;
    client.ws.on('pong', () => (pongs += 1));
    client.ws.ping();
    client.say(id, 'anyone?');
    hub.agentSays(id, 'lost while frozen');
    await roundTrip(hub.url); // another socket is served meanwhile
    expect(hub.received.ofType('user_message').map((e) => e.payload['content'])).not.toContainEqual({
      type: 'text',
      text: 'anyone?',
    });
    expect(pongs).toBe(0);
    expect(client.events.filter((e) => e.event_type !== 'socket_connected')).toHaveLength(2);
    hub.unfreeze();
    await client.take('bot_message', (e) => e.event_payload['content'][0].text === 'You said: anyone?');
    expect(pongs).toBe(1);
    expect(client.events.some((e) => e.event_type === 'livechat_message')).toBe(false);
  });

  it('restart brings the listener back on the same port and keeps conversations', async () => {
    const client = await open();
    const id = await client.start({ userId: 'r' });
    const restarted = hub.restart({ downMs: 20 });
    expect((await client.closed).code).toBe(1006);
    await until(() => clock.pending === 1); // the socket's timers are gone, the downtime's is armed
    expect(
      await fetch(`${hub.httpUrl}/healthz`).then(
        () => 'up',
        () => 'down',
      ),
    ).toBe('down');
    clock.advance(20);
    await restarted;
    const again = await open();
    again.say(id, 'back again');
    const reply = await again.take('bot_message');
    expect(reply.event_payload).toMatchObject({ conversation_id: id });
  });

  it('restart can close cleanly with a code', async () => {
    const client = await open();
    await hub.restart({ code: 1012, reason: 'Service restart' });
    expect(await client.closed).toEqual({ code: 1012, reason: 'Service restart' });
    await open();
  });

  it('refuseConnections answers upgrades with 503 for a while, or until acceptConnections', async () => {
    hub.refuseConnections(40);
    expect(await TestClient.refusedStatus(hub.url)).toBe(503);
    clock.advance(39);
    expect(await TestClient.refusedStatus(hub.url)).toBe(503);
    clock.advance(1);
    await open();
    hub.refuseConnections(Infinity, { status: 502 });
    expect(await TestClient.refusedStatus(hub.url)).toBe(502);
    hub.acceptConnections();
    await open();
  });

  it('sendGarbage writes every kind of bad frame; sendRaw writes to one or all sockets as is', async () => {
    const [a, b] = [await open(), await open()];
    expect(hub.sendGarbage({ connectionId: a.socketId })).toBe(1);
    expect(hub.sendRaw({ event_type: 'typing_indicator', event_payload: {} })).toBe(2);
    await b.take('typing_indicator');
    await a.take('typing_indicator');
    const garbage = a.raw.slice(1, 6);
    expect(garbage.map((g) => g.binary)).toEqual([false, false, true, false, false]);
    expect(garbage[0]?.data).toBe('this is not JSON {');
    expect(() => JSON.parse(garbage[3]!.data)).not.toThrow();
    expect(a.events.map((e) => e.event_type)).toEqual(['socket_connected', 'typing_indicator']);
    expect(b.raw).toHaveLength(2);
  });

  it('reads and discards what the client writes, still answers pings, then kills the socket (1006)', async () => {
    const [victim, bystander] = [await open(), await open()];
    const id = await victim.start({ userId: 'v' });
    await victim.take('bot_message');
    const before = victim.events.length;
    hub.swallow({ connectionId: victim.socketId, ms: 60_000 });
    const pong = new Promise<void>((resolve) => victim.ws.once('pong', () => resolve()));
    victim.ws.ping();
    const lost = victim.say(id, 'into the void');
    await pong; // the gateway still answers pings: a heartbeat sees nothing wrong
    hub.agentSays(id, 'never delivered');
    // The kill waits for the emulator's clock: still open just before, gone (1006) once it is due.
    clock.advance(59_999);
    const stillUp = new Promise<void>((resolve) => victim.ws.once('pong', () => resolve()));
    victim.ws.ping();
    await stillUp;
    expect(victim.ws.readyState).toBe(victim.ws.OPEN);
    clock.advance(1);
    expect((await victim.closed).code).toBe(1006);
    expect(hub.received.withClientMsgId(lost)).toEqual([]);
    expect(hub.conversation(id)?.transcriptLength).toBe(2); // the greeting and the agent: no user entry
    expect(victim.events.length).toBe(before);
    // The other socket is untouched.
    const other = await bystander.start({ userId: 'b' });
    const kept = bystander.say(other, 'still here');
    await bystander.take('bot_message', (e) => e.event_payload['content'][0].text === 'You said: still here');
    expect(hub.received.withClientMsgId(kept)).toHaveLength(1);
  });
});
