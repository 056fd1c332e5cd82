import { ManualClock, startHubEmulator, type HubEmulator } from '../../lib/emulator/index.js';
import { TrackedClients } from './support/test-client.js';

describe('hub emulator — swallow (a gateway that lost the connection silently)', () => {
  let hub: HubEmulator;
  let clock: ManualClock;
  const clients = new TrackedClients();
  const open = () => clients.open(hub.url);
  beforeEach(async () => {
    clock = new ManualClock();
    hub = await startHubEmulator({ clock });
  });
  afterEach(() => clients.closeAll(() => hub.stop()));

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
