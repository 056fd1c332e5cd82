import { filter, firstValueFrom, take, timeout, toArray } from 'rxjs';
import type { Conversation } from '../../lib/conversation/conversation.js';
import type { HubEmulator } from '../../lib/emulator/index.js';
import type { HubError } from '../../lib/errors.js';
import { connectHub } from '../../lib/hub/connect-hub.js';
import type { Hub } from '../../lib/hub/hub.js';
import { API_KEY, startLiveHub } from '../client/support/live-hub.js';

/**
 * What the hub answers to a conversation's frames decides its messages' fate: a rejection fails
 * them (never `confirmed`), a transcript too large for the socket settles the transcript request
 * at once (never a 30 s timeout, never a message stuck in `written`). Checked on the emulator's side.
 */
const FAST = { probe: { afterMs: 50, timeoutMs: 300 }, requestTimeoutMs: 2_000 } as const;

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
const userTexts = (emulator: HubEmulator, conversationId: string) =>
  emulator.received
    .forConversation(conversationId)
    .filter((e) => e.eventType === 'user_message')
    .map((e) => (e.payload['content'] as { text?: string }).text);
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
    live = await startLiveHub(FAST);
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
    expect(userTexts(emulator, conversation.id)).toEqual(['hello?']);
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

  const withBigTranscript = async () => {
    live = await startLiveHub({ ...FAST, requestTimeoutMs: 20_000 }, { limits: { maxMessageBytes: 3_000 } });
    const { hub, emulator } = live;
    const conversation = await firstValueFrom(hub.startConversation$({ userId: 'u' }));
    for (let i = 0; i < 12; i++) await outcomeOf(conversation.sendText(`message number ${i} `.repeat(10)));
    return { hub, emulator, conversation };
  };

  it('fails the transcript request at once with HUB_ERROR 413, shown as no bot message', async () => {
    const { emulator, conversation } = await withBigTranscript();
    const links: string[] = [];
    conversation.messages$.subscribe((m) => m.source === 'link' && links.push(m.id ?? ''));
    const answer = await firstValueFrom(conversation.transcript$().pipe(timeout(5_000))).then(
      () => 'answered',
      (e: HubError & { hubCode?: unknown }) => `${e.code} ${String(e.hubCode)}`,
    );
    // Not REQUEST_TIMEOUT (20 s here), nor the 5 s of the guard.
    expect(answer).toBe('HUB_ERROR 413');
    expect(emulator.received.ofType('conversation_transcript_request')).toHaveLength(1);
    // The link answered the request: it is not fetched as a bot reply.
    const ping = await firstValueFrom(conversation.sendText('ping').pipe(toArray(), timeout(5_000)));
    expect(ping.at(-1)?.state).toBe('confirmed');
    expect(links).toEqual([]);
  });

  it('after an unclean reconnect a message it cannot check fails with that error — not stuck, not re-sent', async () => {
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
    const errors = firstValueFrom(conversation.errors$.pipe(timeout(5_000)));
    expect(await outcome).toEqual(['queued', 'written', 'error HUB_ERROR 413']);
    await expect(errors).resolves.toMatchObject({ code: 'HUB_ERROR', hubCode: 413 });
    // The gateway swallowed it; it was not re-sent blindly; one check, not a retry loop.
    expect(userTexts(emulator, conversation.id)).not.toContain('after the big transcript');
    expect(emulator.received.ofType('conversation_transcript_request')).toHaveLength(1);
    // The conversation goes on: the next message is written and confirmed.
    expect(await outcomeOf(conversation.sendText('next'))).toEqual(['queued', 'written', 'confirmed']);
    expect(userTexts(emulator, conversation.id).at(-1)).toBe('next');
  });
});
