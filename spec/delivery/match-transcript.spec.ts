import fc from 'fast-check';
import { matchTranscript, messageKey, type UnconfirmedMessage } from '../../lib/delivery/match-transcript.js';
import type { TranscriptEntry } from '../../lib/protocol/inbound.js';

const user = (text: string, messageId?: string): TranscriptEntry => ({
  from: 'user',
  parts: text === '' ? [] : [{ type: 'text', text }],
  actions: [],
  files: [],
  ...(messageId === undefined ? {} : { messageId }),
});
const bot = (text: string): TranscriptEntry => ({
  from: 'bot',
  parts: [{ type: 'text', text }],
  actions: [],
  files: [],
});
const action: TranscriptEntry = {
  from: 'user',
  parts: [],
  actions: [{ id: 'escalateToHuman', data: {} }],
  files: [],
};
const pending = (...texts: string[]): UnconfirmedMessage[] =>
  texts.map((text, i) => ({ clientMsgId: `m${i}`, key: messageKey(text) }));
const ids = (messages: readonly UnconfirmedMessage[]) => messages.map((m) => m.clientMsgId);

describe('matchTranscript: which unconfirmed messages the hub recorded', () => {
  it.each([
    // [case, history, sent, recorded prefix, context]
    ['none recorded (count)', ['hi'], ['a', 'b'], 0, { count: 1 }],
    ['a prefix recorded (count)', ['hi'], ['a', 'b', 'c'], 2, { count: 1 }],
    ['all recorded (count)', [], ['a', 'b'], 2, { count: 0 }],
    ['same text twice, one recorded (count)', ['a'], ['a', 'a'], 1, { count: 1 }],
    ['same text as the last confirmed one, lost (count)', ['a'], ['a'], 0, { count: 1 }],
    ['same text as the last confirmed one, lost (tail)', ['x', 'a'], ['a'], 0, { tail: ['x', 'a'] }],
    ['same text as the last confirmed one, recorded (tail)', ['x', 'a'], ['a'], 1, { tail: ['x', 'a'] }],
    ['repeated texts, recorded (tail)', ['a', 'a'], ['a', 'a', 'b'], 2, { tail: ['a', 'a'] }],
    ['distinct texts, no context', ['x', 'y'], ['a', 'b'], 1, {}],
    ['nothing known, nothing recorded', ['x'], ['a'], 0, {}],
  ] as const)('%s', (_name, history, sent, recorded, context) => {
    const messages = pending(...sent);
    const transcript = [
      bot('greeting'),
      ...history.map((t) => user(t)),
      ...sent.slice(0, recorded).map((t) => user(t)),
    ];
    const result = matchTranscript(messages, transcript, context);
    expect(ids(result.recorded)).toEqual(ids(messages.slice(0, recorded)));
    expect(ids(result.missing)).toEqual(ids(messages.slice(recorded)));
  });

  it('matches by id when the hub echoes client_msg_id, even out of prefix order', () => {
    const messages = pending('a', 'b', 'c');
    const transcript = [user('a', 'm0'), user('c', 'm2')];
    const result = matchTranscript(messages, transcript, { count: 0 });
    expect(result.rule).toBe('id');
    expect(ids(result.missing)).toEqual(['m1']);
  });

  it('ignores entry ids that are not ours (the hub’s own ids) and falls back to count', () => {
    const messages = pending('a', 'b');
    const result = matchTranscript(messages, [user('a', 'hub-1')], { count: 0, ids: ['old'] });
    expect(result.rule).toBe('count');
    expect(ids(result.missing)).toEqual(['m1']);
  });

  it('skips actions, bot and agent entries; files count in the key', () => {
    const files = [{ type: 'file', filename: 'a.pdf', url: 'https://x/a.pdf' }];
    const messages = [
      { clientMsgId: 'f', key: messageKey('see', files) },
      { clientMsgId: 'g', key: messageKey('see') },
    ];
    const transcript = [action, bot('ok'), { ...user('see'), files }, bot('thanks')];
    const result = matchTranscript(messages, transcript, { count: 0 });
    expect(ids(result.recorded)).toEqual(['f']);
    expect(result.userMessages).toBe(1);
  });

  it('another writer in the conversation (count mismatch) falls back to content', () => {
    const messages = pending('a', 'b');
    const transcript = [user('from another tab'), user('a')];
    const result = matchTranscript(messages, transcript, { count: 0 });
    expect(result.rule).toBe('content');
    expect(ids(result.missing)).toEqual(['m1']);
  });

  // Small alphabets force repeated texts: the hard case for content matching.
  const text = fc.constantFrom('a', 'b', 'ok', '');
  const scenario = fc.record({
    history: fc.array(text, { maxLength: 12 }),
    sent: fc.array(text, { minLength: 1, maxLength: 8 }),
    cut: fc.nat(),
    bots: fc.array(fc.nat(20), { maxLength: 6 }),
  });
  const build = ({
    history,
    sent,
    cut,
    bots,
  }: {
    history: string[];
    sent: string[];
    cut: number;
    bots: number[];
  }) => {
    const recorded = cut % (sent.length + 1);
    const entries = [...history, ...sent.slice(0, recorded)].map((t) => user(t));
    // Bot and action entries anywhere do not change which user messages were recorded.
    for (const at of bots) entries.splice(at % (entries.length + 1), 0, at % 2 ? bot('r') : action);
    return { messages: pending(...sent), transcript: entries, recorded };
  };

  it('property: with the count known, exactly the recorded prefix, whatever the repeats', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { messages, transcript, recorded } = build(s);
        const result = matchTranscript(messages, transcript, { count: s.history.length });
        expect(result.recorded.length).toBe(recorded);
        expect(result.userMessages).toBe(s.history.length + recorded);
      }),
    );
  });

  it('property: with the whole history as tail (count lost), exactly the recorded prefix', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { messages, transcript, recorded } = build(s);
        const tail = s.history.map((t) => messageKey(t));
        expect(matchTranscript(messages, transcript, { tail }).recorded.length).toBe(recorded);
      }),
    );
  });

  it('property: with distinct texts and no context at all, exactly the recorded prefix', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string(), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        fc.nat(),
        (texts, h, c) => {
          const split = h % texts.length;
          const history = texts.slice(0, split);
          const sent = texts.slice(split);
          const recorded = c % (sent.length + 1);
          const transcript = [...history, ...sent.slice(0, recorded)].map((t) => user(t));
          const result = matchTranscript(pending(...sent), transcript);
          expect(result.recorded.length).toBe(recorded);
        },
      ),
    );
  });
});
