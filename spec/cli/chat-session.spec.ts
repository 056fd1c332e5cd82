import { NEVER, ReplaySubject } from 'rxjs';
import { ChatSession } from '../../lib/cli/chat-session.js';
import type { Conversation, MessageStatus } from '../../lib/index.js';

// Ctrl-D (or the end of piped input) waits until what was typed is written to the socket, not
// until the hub confirms it: confirmation waits for the delivery probe, seconds later.
describe('ChatSession.drained', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function sessionWith(status: ReplaySubject<MessageStatus>): ChatSession {
    const conversation = {
      id: 'c-1',
      messages$: NEVER,
      actions$: NEVER,
      updates$: NEVER,
      errors$: NEVER,
      sendText: () => status.asObservable(),
    } as unknown as Conversation;
    const session = new ChatSession(() => undefined, { awaitReplies: false, replyTimeoutMs: 1_000 });
    session.begin(conversation);
    return session;
  }

  it('resolves once the text is written, without waiting for its confirmation', async () => {
    const status = new ReplaySubject<MessageStatus>();
    const session = sessionWith(status);
    session.input('hello');
    status.next({ clientMsgId: 'm-1', state: 'queued' });
    let drained = false;
    void session.drained().then(() => (drained = true));

    await jest.advanceTimersByTimeAsync(100);
    expect(drained).toBe(false); // still queued

    status.next({ clientMsgId: 'm-1', state: 'written', generation: 1 });
    await jest.advanceTimersByTimeAsync(0);
    expect(drained).toBe(true); // never confirmed, and no timeout needed
  });

  it('gives up on a text never written after its timeout', async () => {
    const status = new ReplaySubject<MessageStatus>();
    const session = sessionWith(status);
    session.input('hello');
    let drained = false;
    void session.drained().then(() => (drained = true));
    await jest.advanceTimersByTimeAsync(1_999);
    expect(drained).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(drained).toBe(true);
  });
});
