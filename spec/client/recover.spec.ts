import { SeenMessages } from '../../lib/conversation/seen-messages.js';
import type { TranscriptEntry } from '../../lib/protocol/inbound.js';
import { fakeHub, record } from './support/fake-connection.js';

const text = (t: string) => [{ type: 'text' as const, text: t }];
const entry = (from: TranscriptEntry['from'], t: string, eventId?: string): TranscriptEntry => ({
  from,
  parts: text(t),
  actions: [],
  files: [],
  ...(eventId ? { eventId } : {}),
});

describe('SeenMessages (recovery de-duplication)', () => {
  it('skips entries seen by event id and returns the rest, bot and agent only', () => {
    const seen = new SeenMessages();
    seen.record('bot', 'e1', text('Hello'));
    const missed = seen.unseen([
      entry('bot', 'Hello', 'e1'),
      entry('user', 'hi', 'u1'),
      entry('agent', 'Here', 'e2'),
    ]);
    expect(missed.map((e) => e.eventId)).toEqual(['e2']);
  });

  it('without event ids, counts identical messages: two seen, three in the transcript → one missed', () => {
    const seen = new SeenMessages();
    seen.record('bot', undefined, text('Sorry?'));
    seen.record('bot', undefined, text('Sorry?'));
    const missed = seen.unseen([
      entry('bot', 'Sorry?'),
      entry('bot', 'Sorry?'),
      entry('bot', 'Sorry?'),
      entry('agent', 'Sorry?'),
    ]);
    expect(missed.map((e) => e.from)).toEqual(['bot', 'agent']);
  });

  it('counts recovered entries as seen: a second recovery emits nothing new', () => {
    const seen = new SeenMessages();
    const transcript = [entry('bot', 'A'), entry('bot', 'B', 'e2')];
    expect(seen.unseen(transcript)).toHaveLength(2);
    expect(seen.unseen(transcript)).toHaveLength(0);
    expect(seen.unseen([...transcript, entry('bot', 'C')]).map((e) => e.parts)).toEqual([text('C')]);
  });

  it('an id match also uses up its content match, so a repeated text missed later is still found', () => {
    const seen = new SeenMessages();
    seen.record('bot', 'e1', text('Sorry?'));
    const missed = seen.unseen([entry('bot', 'Sorry?', 'e1'), entry('bot', 'Sorry?', 'e2')]);
    expect(missed.map((e) => e.eventId)).toEqual(['e2']);
  });

  it('keeps memory bounded: 10 000 messages recorded, at most the window remembered', () => {
    const seen = new SeenMessages(200);
    for (let i = 0; i < 10_000; i++) seen.record('bot', `e${i}`, text(`m${i}`));
    expect(seen.size).toBe(200);
  });

  it('past the window, takes the first (seen − window) transcript entries as seen, by count', () => {
    const seen = new SeenMessages(5);
    const transcript = Array.from({ length: 20 }, (_, i) => entry('bot', i % 2 ? 'Sorry?' : `m${i}`));
    for (const { parts } of transcript) seen.record('bot', undefined, parts);
    const missed = [entry('agent', 'Sorry?'), entry('bot', 'm20')];
    expect(seen.unseen([entry('user', 'hi'), ...transcript, ...missed])).toEqual(missed);
    expect(seen.unseen([...transcript, ...missed])).toEqual([]);
  });
});

describe('recover$', () => {
  it('emits the missed messages on messages$ and as its own result', () => {
    const { hub, connection } = fakeHub();
    const conversation = hub.conversation('c1');
    const messages = record(conversation.messages$);
    connection.receive('bot_message', { conversation_id: 'c1', content: text('one') });
    const recovered = record(conversation.recover$());
    connection.receive('conversation_transcript', {
      conversation_id: 'c1',
      messages: [
        { from: 'bot', messages: { idChat: 'c1', messages: text('one'), actions: [] } },
        { from: 'bot', messages: { idChat: 'c1', messages: text('two'), actions: [] } },
      ],
    });
    expect(recovered.values[0]?.map((m) => m.parts)).toEqual([text('two')]);
    expect(messages.values.map((m) => m.source)).toEqual(['socket', 'transcript']);
    hub.close();
  });
});
