import { filter, firstValueFrom, take, timeout, toArray } from 'rxjs';
import type { Conversation } from '../../lib/conversation/conversation.js';
import type { HubEmulator } from '../../lib/emulator/index.js';
import type { HubError } from '../../lib/errors.js';
import { connectHub } from '../../lib/hub/connect-hub.js';
import type { Hub } from '../../lib/hub/hub.js';
import type { FetchLike, HubOptions } from '../../lib/options.js';
import type { MessagePart } from '../../lib/protocol/parts.js';
import { API_KEY, FAST_DELIVERY, startLiveHub } from '../client/support/live-hub.js';
import { userTextsOf } from '../emulator/support/user-texts.js';

/**
 * What the hub answers to a conversation's frames decides its messages' fate: a rejection fails
 * them (never `confirmed`); a transcript too large for the socket is read from its link and answers
 * the transcript request, while a large bot reply arriving meanwhile is still delivered (neither is
 * lost, never a 30 s timeout, never a message stuck in `written`). Checked on the emulator's side.
 */

/** Every status of a message and how it ended (`error <code> <hubCode>`), bounded. */
const outcomeOf = (status$: ReturnType<Conversation['sendText']>): Promise<string[]> =>
  new Promise((resolve) => {
    const states: string[] = [];
    status$.pipe(timeout(5_000)).subscribe({
      next: (s) => states.push(s.state),
      error: (e: HubError & { hubCode?: unknown }) =>
        resolve([...states, `error ${e.code} ${String(e.hubCode)}`]),
      complete: () => resolve(states),
    });
  });
/** The text of a message or transcript entry. */
const textOf = ({ parts }: { readonly parts: readonly MessagePart[] }): string =>
  parts.map((part) => (part.type === 'text' ? part.text : `[${part.type}]`)).join(' ');
const errorsSentBack = (emulator: HubEmulator) =>
  firstValueFrom(
    emulator.events$.pipe(
      filter((e) => e.type === 'frame-out' && e.eventType === 'general_error'),
      take(1),
      timeout(5_000),
    ),
  );

/** The conversation deleted on the hub by someone else (another device, an admin). */
async function deletedElsewhere(emulator: HubEmulator, userId: string): Promise<void> {
  const other = connectHub({ url: emulator.url, apiKey: API_KEY });
  try {
    await firstValueFrom(other.deleteUserConversations$(userId).pipe(timeout(3_000)));
  } finally {
    other.close();
  }
}

describe('the hub rejects a message of a conversation it no longer has', () => {
  let live: Awaited<ReturnType<typeof startLiveHub>>;
  afterEach(() => live.stop());

  const started = async (): Promise<{ hub: Hub; emulator: HubEmulator; conversation: Conversation }> => {
    live = await startLiveHub(FAST_DELIVERY);
    const conversation = await firstValueFrom(live.hub.startConversation$({ userId: 'u' }));
    return { hub: live.hub, emulator: live.emulator, conversation };
  };

  it('fails it with HUB_ERROR 400 — never confirmed — and tells errors$', async () => {
    const { emulator, conversation } = await started();
    await deletedElsewhere(emulator, 'u');
    const errors = firstValueFrom(conversation.errors$.pipe(timeout(5_000)));
    const rejection = errorsSentBack(emulator);
    const outcome = await outcomeOf(conversation.sendText('hello?'));
    expect(outcome).toEqual(['queued', 'written', 'error HUB_ERROR 400']);
    await expect(errors).resolves.toMatchObject({
      code: 'HUB_ERROR',
      hubCode: 400,
      conversationId: conversation.id,
    });
    // The hub read it and answered it with its rejection.
    expect(userTextsOf(emulator, conversation.id)).toEqual(['hello?']);
    await expect(rejection).resolves.toMatchObject({ eventType: 'general_error' });
  });

  it('with a request of the conversation outstanding too, both fail and the message is not confirmed', async () => {
    const { emulator, conversation } = await started();
    await deletedElsewhere(emulator, 'u');
    const errors = firstValueFrom(conversation.errors$.pipe(timeout(5_000)));
    const outcome = outcomeOf(conversation.sendText('anyone?'));
    const metadata = firstValueFrom(conversation.metadata$()).then(
      () => 'answered',
      (e: HubError) => e.code,
    );
    expect(await outcome).toEqual(['queued', 'written', 'error HUB_ERROR 400']);
    expect(await metadata).toBe('HUB_ERROR');
    // The rejection that failed the message reaches errors$ (the request's caller had the other).
    await expect(errors).resolves.toMatchObject({ code: 'HUB_ERROR', hubCode: 400 });
    expect(emulator.received.forConversation(conversation.id).map((e) => e.eventType)).toEqual(
      expect.arrayContaining(['user_message', 'metadata_request']),
    );
  });
});

describe('a transcript too large for the socket (general_error 413 with a message_link)', () => {
  let live: Awaited<ReturnType<typeof startLiveHub>>;
  afterEach(() => live.stop());

  const withBigTranscript = async (hubOptions: Partial<HubOptions> = {}) => {
    live = await startLiveHub(
      { ...FAST_DELIVERY, requestTimeoutMs: 20_000, ...hubOptions },
      { limits: { maxMessageBytes: 3_000 } },
    );
    const { hub, emulator } = live;
    const conversation = await firstValueFrom(hub.startConversation$({ userId: 'u' }));
    for (let i = 0; i < 12; i++) await outcomeOf(conversation.sendText(`message number ${i} `.repeat(10)));
    return { hub, emulator, conversation };
  };
  const linkReplies = (conversation: Conversation): string[] => {
    const texts: string[] = [];
    conversation.messages$.subscribe((m) => m.source === 'link' && texts.push(textOf(m)));
    return texts;
  };
  const linksSent = (emulator: HubEmulator, conversationId: string) =>
    emulator.events$.pipe(
      filter((e) => e.type === 'frame-out' && e.eventType === 'general_error'),
      filter((e) => 'text' in e && e.text.includes('message_link') && e.text.includes(conversationId)),
    );

  it('answers the transcript request with the transcript its link holds, shown as no bot message', async () => {
    const { emulator, conversation } = await withBigTranscript();
    const links = linkReplies(conversation);
    const sent = firstValueFrom(linksSent(emulator, conversation.id).pipe(take(1), timeout(5_000)));
    const entries = await firstValueFrom(conversation.transcript$().pipe(timeout(5_000)));
    await sent; // the hub did answer with a link
    const users = entries.filter((e) => e.from === 'user').map((e) => textOf(e));
    expect(users).toHaveLength(12);
    expect(users[11]).toBe('message number 11 '.repeat(10));
    expect(emulator.received.ofType('conversation_transcript_request')).toHaveLength(1);
    const ping = await firstValueFrom(conversation.sendText('ping').pipe(toArray(), timeout(5_000)));
    expect(ping.at(-1)?.state).toBe('confirmed');
    expect(links).toEqual([]);
  });

  it('a large bot reply arriving while the transcript request is outstanding is delivered, and the request answered', async () => {
    const { emulator, conversation } = await withBigTranscript();
    const links = linkReplies(conversation);
    const bothSent = firstValueFrom(
      linksSent(emulator, conversation.id).pipe(take(2), toArray(), timeout(5_000)),
    );
    const delivered = firstValueFrom(
      conversation.messages$.pipe(
        filter((m) => m.source === 'link'),
        timeout(5_000),
      ),
    );
    // Written back to back: the bot's large reply (a 413 link) comes while the request is on the wire.
    conversation.sendText('big please');
    const transcript = firstValueFrom(conversation.transcript$().pipe(timeout(5_000)));
    await bothSent;
    const order = emulator.received.forConversation(conversation.id).map((e) => e.eventType);
    expect(order.slice(-2)).toEqual(['user_message', 'conversation_transcript_request']);
    const reply = await delivered;
    expect(reply.from).toBe('bot');
    const entries = await transcript;
    expect(entries.map((e) => textOf(e))).toContain('big please');
    // The one bot reply from a link is that large reply — never the transcript shown as a message.
    expect(links).toEqual([textOf(reply)]);
    expect(textOf(reply).length).toBeGreaterThan(3_000);
  });

  it('a link that cannot be read fails the transcript request with MESSAGE_FETCH_FAILED and tells errors$', async () => {
    const refused: FetchLike = () => Promise.resolve(new Response('gone', { status: 404 }));
    const { emulator, conversation } = await withBigTranscript({ fetch: refused });
    const errors = firstValueFrom(conversation.errors$.pipe(timeout(5_000)));
    const answer = await firstValueFrom(conversation.transcript$().pipe(timeout(5_000))).then(
      () => 'answered',
      (e: HubError & { status?: unknown }) => `${e.code} ${String(e.status)}`,
    );
    // Not REQUEST_TIMEOUT (20 s here), nor the 5 s of the guard.
    expect(answer).toBe('MESSAGE_FETCH_FAILED 404');
    await expect(errors).resolves.toMatchObject({ code: 'MESSAGE_FETCH_FAILED', status: 404 });
    expect(emulator.received.ofType('conversation_transcript_request')).toHaveLength(1);
    const ping = await firstValueFrom(conversation.sendText('ping').pipe(toArray(), timeout(5_000)));
    expect(ping.at(-1)?.state).toBe('confirmed');
  });

  it('after an unclean reconnect a message it cannot confirm is checked against the transcript its link holds, and re-sent once', async () => {
    const { hub, emulator, conversation } = await withBigTranscript();
    const connectedTwice = firstValueFrom(
      hub.status$.pipe(
        filter((s) => s.state === 'connected'),
        take(2),
        toArray(),
        timeout(5_000),
      ),
    );
    emulator.swallow({ ms: 150 });
    const outcome = outcomeOf(conversation.sendText('after the big transcript'));
    await connectedTwice;
    expect(await outcome).toEqual(['queued', 'written', 'written', 'confirmed']);
    // The gateway swallowed it; the transcript (read from its link) showed it missing: sent again, once.
    expect(
      userTextsOf(emulator, conversation.id).filter((t) => t === 'after the big transcript'),
    ).toHaveLength(1);
    expect(emulator.received.ofType('conversation_transcript_request')).toHaveLength(1);
    expect(await outcomeOf(conversation.sendText('next'))).toEqual(['queued', 'written', 'confirmed']);
    expect(userTextsOf(emulator, conversation.id).at(-1)).toBe('next');
  });
  it('a large bot reply whose link fails after a later transcript request was written fails only itself, not that request', async () => {
    // The reply's fetch fails once the transcript request asked after it has reached the hub.
    let refuse: (() => void) | undefined;
    let fetching: () => void = () => undefined;
    const fetched = new Promise<void>((resolve) => (fetching = resolve));
    let calls = 0;
    // The first link (the bot's reply) hangs; the next (the transcript, too large too) is read.
    const fetch: FetchLike = (url, init) =>
      calls++
        ? globalThis.fetch(url, init)
        : new Promise((_resolve, reject) => {
            refuse = () => reject(new Error('network down'));
            fetching();
          });
    live = await startLiveHub({ ...FAST_DELIVERY, fetch }, { limits: { maxMessageBytes: 3_000 } });
    const { emulator, hub } = live;
    const conversation = await firstValueFrom(hub.startConversation$({ userId: 'u' }));
    const errors = firstValueFrom(conversation.errors$.pipe(timeout(5_000)));
    conversation.sendText('big please');
    await fetched; // the link came: its fetch is on
    // The transcript request is asked after the link came: the link cannot be its answer.
    emulator.events$
      .pipe(
        filter(
          (e) => e.type === 'frame-in' && 'text' in e && e.text.includes('conversation_transcript_request'),
        ),
        take(1),
      )
      .subscribe(() => refuse?.());
    const answer = await firstValueFrom(conversation.transcript$().pipe(timeout(5_000))).then(
      (entries) => `answered ${entries.filter((e) => e.from === 'user').length}`,
      (e: HubError) => e.code,
    );
    await expect(errors).resolves.toMatchObject({ code: 'MESSAGE_FETCH_FAILED' });
    expect(answer).toBe('answered 1');
  });
});
