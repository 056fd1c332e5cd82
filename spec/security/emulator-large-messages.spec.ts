import fc from 'fast-check';
import { startHubEmulator, type HubEmulator } from '../../lib/emulator/index.js';
import { LargeMessageStore } from '../../lib/emulator/large-messages.js';
import { TrackedClients, type TestClient } from '../emulator/support/test-client.js';

/**
 * Replies too large for the socket are kept for their `message_link` — within a budget: past
 * `largeMessagesCapacity` entries or `largeMessagesMaxBytes` bytes the oldest are forgotten (their
 * link then answers 404), so a client asking again and again cannot grow the emulator's memory.
 */
describe('emulator large-reply store bounds', () => {
  const clients = new TrackedClients();
  let hub: HubEmulator;
  let client: TestClient;
  let id: string;
  afterEach(() => clients.closeAll(() => hub.stop()));

  /** An emulator whose transcripts of `id` (2 000 characters and their echo) exceed the socket's 3 000 B. */
  async function setUp(bounds: Record<string, number>): Promise<void> {
    hub = await startHubEmulator({ port: 0, limits: { maxMessageBytes: 3000 }, ...bounds });
    client = await clients.open(hub.urlWithKey('k'));
    id = await client.start({ userId: 'big' }, { userFirst: true });
    client.say(id, 'x'.repeat(2000));
    await client.take('bot_message');
  }

  /** Asks for the transcript `n` times; the links of the 413 answers, in order. */
  async function links(n: number): Promise<string[]> {
    const found: string[] = [];
    for (let i = 0; i < n; i += 1) {
      client.send('conversation_transcript_request', { conversation_id: id });
      const error = await client.take('general_error');
      expect(error.event_payload['error_code']).toBe(413);
      found.push(error.event_payload['message_link'] as string);
    }
    return found;
  }

  const status = async (link: string) => (await fetch(link, { headers: { 'x-api-key': 'k' } })).status;

  it('keeps at most largeMessagesCapacity replies, forgetting the oldest first', async () => {
    await setUp({ largeMessagesCapacity: 2 });
    const [first, second, third] = await links(3);
    expect(await status(first!)).toBe(404);
    expect(await status(second!)).toBe(200);
    expect(await status(third!)).toBe(200);
  });

  it('keeps at most largeMessagesMaxBytes of replies, forgetting the oldest first', async () => {
    // Each stored transcript is a little over 4 000 bytes: 10 000 hold two of them.
    await setUp({ largeMessagesMaxBytes: 10_000 });
    const all = await links(4);
    expect(await Promise.all(all.map(status))).toEqual([404, 404, 200, 200]);
  });

  it('keeps the newest reply even when it alone is over the byte budget (its link was just sent)', async () => {
    await setUp({ largeMessagesMaxBytes: 100 });
    const [first, second] = await links(2);
    expect(await status(first!)).toBe(404);
    const body = (await (await fetch(second!, { headers: { 'x-api-key': 'k' } })).json()) as {
      botMessage: { content: unknown };
    };
    expect(JSON.stringify(body.botMessage.content)).toContain('x'.repeat(2000));
  });

  it('bounds the store by default too (256 replies)', async () => {
    await setUp({});
    const all = await links(257);
    expect(await status(all[0]!)).toBe(404);
    expect(await status(all[1]!)).toBe(200);
  });
});

describe('LargeMessageStore', () => {
  it('under any sequence of replies: within both bounds (but the newest), oldest forgotten first', () => {
    const reply = fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), bytes: fc.nat(50) });
    fc.assert(
      fc.property(
        fc.nat(4),
        fc.nat(120),
        fc.array(reply, { maxLength: 40 }),
        (capacity, maxBytes, replies) => {
          const store = new LargeMessageStore(capacity, maxBytes);
          const model: { id: string; bytes: number }[] = [];
          for (const { id, bytes } of replies) {
            store.set(id, `content of ${id}`, bytes);
            const at = model.findIndex((m) => m.id === id);
            if (at >= 0) model.splice(at, 1); // a re-used id counts as the newest
            model.push({ id, bytes });
            const sum = () => model.reduce((total, m) => total + m.bytes, 0);
            while (model.length > 1 && (model.length > capacity || sum() > maxBytes)) model.shift();
            expect(store.size).toBe(model.length);
            expect(store.bytes).toBe(sum());
            expect(store.get(id)).toBe(`content of ${id}`);
            for (const m of model) expect(store.has(m.id)).toBe(true);
          }
        },
      ),
    );
  });
});
