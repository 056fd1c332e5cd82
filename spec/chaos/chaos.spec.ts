import { filter, firstValueFrom, lastValueFrom, retry, timer } from 'rxjs';
import type { ConnectionStatus } from '../../lib/connection/hub-connection.js';
import { connectHub } from '../../lib/hub/connect-hub.js';
import type { Hub } from '../../lib/hub/hub.js';
import type { Conversation } from '../../lib/conversation/conversation.js';
import { scriptedBot, startHubEmulator, type HubEmulator } from '../../lib/emulator/index.js';
import type { HubError, HubProtocolError } from '../../lib/errors.js';
import { FAULTS, seededRandom, startChaos, type Fault } from './support/chaos-monkey.js';
import {
  collectReplies,
  recoverReplies,
  sendAndTrack,
  settled,
  textOf,
  type SentMessage,
} from './support/reliable-chat.js';

const CONVERSATIONS = 6;
const MESSAGES_PER_CONVERSATION = 10;
const FIRST_SEED = Number(process.env['CHAOS_SEED'] ?? 20240611);
const SEEDS = Number(process.env['CHAOS_SEEDS'] ?? 20);

const activeTimers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RunResult {
  readonly seed: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly faults: Record<Fault, number>;
  readonly resent: number;
  readonly elapsedMs: number;
}

const totals: RunResult[] = [];

/**
 * One seeded run: conversations typing while the monkey swallows frames, drops, terminates,
 * freezes, restarts and refuses. Every claim is checked on the hub's side (the emulator's ledger).
 */
async function chaosRun(seed: number, emulator: HubEmulator, track: (hub: Hub) => void): Promise<RunResult> {
  const random = seededRandom(seed);
  const client = connectHub({
    url: emulator.url,
    apiKey: 'chaos-key',
    connectTimeoutMs: 1_000,
    requestTimeoutMs: 1_500,
    reconnect: { initialDelayMs: 20, maxDelayMs: 250, stableAfterMs: 500 },
    heartbeat: { intervalMs: 100, timeoutMs: 150 },
    probe: { afterMs: 100, timeoutMs: 300 },
  });
  track(client);
  let status: ConnectionStatus = { state: 'idle' };
  // CHAOS_DEBUG=1: a failing run prints its timeline (statuses, faults, sockets) and its ledger.
  const timeline: string[] = [];
  const trace = process.env['CHAOS_DEBUG']
    ? (line: string) => timeline.push(`${Date.now()} ${line}`)
    : () => 0;
  client.status$.subscribe((s) => {
    status = s;
    trace(JSON.stringify(s));
  });
  emulator.events$.subscribe((e) => {
    if (e.type !== 'frame-in' && e.type !== 'frame-out') trace(`emulator ${JSON.stringify(e)}`);
  });
  const hubErrors: Array<HubError | HubProtocolError> = [];
  client.errors$.subscribe((error) => hubErrors.push(error));
  const startedAt = Date.now();
  const chaos = startChaos(emulator, {
    random,
    maxFaults: 200,
    minGapMs: 40,
    maxGapMs: 120,
    onFault: (fault) => trace(`fault ${fault}`),
  });

  const converse = async (index: number) => {
    const conversation: Conversation = await firstValueFrom(
      client
        .startConversation$({ userId: `user${index}` })
        .pipe(retry({ count: 30, delay: () => timer(50) })),
    );
    const replies = collectReplies(conversation);
    const sent: SentMessage[] = [];
    for (let n = 0; n < MESSAGES_PER_CONVERSATION; n += 1) {
      sent.push(sendAndTrack(conversation, `s${seed} c${index} m${n}`, () => status));
      await sleep(20 + Math.floor(random() * 60)); // a user typing, so every kind of fault hits it
    }
    return { conversation, replies, sent };
  };
  const results = await Promise.all(Array.from({ length: CONVERSATIONS }, (_, index) => converse(index)));
  await chaos.stop();
  // Bounded: each message ends confirmed or failed well within this.
  await Promise.all(results.flatMap((r) => r.sent.map((m) => settled(m, 10_000))));

  let lost = 0;
  let duplicated = 0;
  for (const { conversation, replies, sent } of results) {
    const own = emulator.received
      .ofType('user_message')
      .filter((e) => (e.payload['content'] as { text?: string }).text?.startsWith(`s${seed} c`) ?? false)
      .filter((e) => sent.some((m) => m.text === (e.payload['content'] as { text?: string }).text));
    // The id survives every reconnect, seen from the hub: every message of this conversation,
    // whichever socket carried it, reached this conversation and no other.
    expect(new Set(own.map((e) => e.conversationId))).toEqual(new Set([conversation.id]));
    const arrived = own.map((e) => (e.payload['content'] as { text?: string }).text);
    const sentTexts = sent.map((m) => m.text);
    lost += sentTexts.filter((text) => !arrived.includes(text)).length;
    duplicated += arrived.length - new Set(arrived).size;
    if (timeline.length && JSON.stringify(arrived) !== JSON.stringify(sentTexts)) {
      const ledger = own.map((e) => `${e.seq} ${e.connectionId} ${JSON.stringify(e.payload['content'])}`);
      console.log(`${ledger.join('\n')}\n${timeline.join('\n')}`);
    }
    expect(arrived).toEqual(sentTexts); // each once, in send order
    for (const message of sent) {
      expect(message.error).toBeUndefined();
      expect(message.states.at(-1)).toBe('confirmed');
    }
    // Several sockets carried this conversation's messages: reconnects happened under it.
    expect(new Set(own.map((e) => e.connectionId)).size).toBeGreaterThan(1);
    await recoverReplies(conversation);
    for (const text of sentTexts) expect(replies.has(`You said: ${text}`)).toBe(true);
  }
  // Every conversation answers afterwards, on the socket connected now.
  await Promise.all(
    results.map(async ({ conversation }) => {
      const last = `s${seed} after ${conversation.id}`;
      const answered = firstValueFrom(
        conversation.messages$.pipe(filter((m) => textOf(m) === `You said: ${last}`)),
      );
      await lastValueFrom(conversation.sendText(last));
      await answered;
      const entries = emulator.received.ofType('user_message').filter((e) => e.clientMsgId !== undefined);
      const reached = entries.filter((e) => (e.payload['content'] as { text?: string }).text === last);
      expect(reached.map((e) => e.conversationId)).toEqual([conversation.id]);
    }),
  );
  expect(hubErrors.filter((error) => error.code !== 'MALFORMED_FRAME')).toEqual([]);
  client.close();
  const resent = results.flatMap((r) => r.sent).filter((m) => m.writes > 1).length;
  return { seed, lost, duplicated, faults: chaos.counts, resent, elapsedMs: Date.now() - startedAt };
}

describe('chaos: conversations typing while the hub swallows, drops, freezes, restarts and refuses', () => {
  let emulator: HubEmulator;
  let hub: Hub | undefined;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
  });
  beforeEach(async () => {
    emulator = await startHubEmulator({
      port: 0,
      // Greets at the start, as the client's specs do: a bot message then races the first sends.
      bot: scriptedBot({ greetOnStart: true }),
      // Half the runs without entry ids: the matching rule then works from order and content alone.
      transcriptShape: totals.length % 2 ? 'transcript' : 'messages',
    });
  });
  afterEach(async () => {
    hub?.close();
    await emulator.stop();
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
    const sum = (pick: (r: RunResult) => number) => totals.reduce((n, r) => n + pick(r), 0);
    console.log(
      `chaos: ${totals.length} seeds from ${FIRST_SEED}, ${totals.length * CONVERSATIONS * MESSAGES_PER_CONVERSATION} messages, ` +
        `lost ${sum((r) => r.lost)}, duplicated ${sum((r) => r.duplicated)}, re-sent ${sum((r) => r.resent)}, ` +
        `faults ${JSON.stringify(Object.fromEntries(FAULTS.map((f) => [f, sum((r) => r.faults[f])])))}, ` +
        `${sum((r) => r.elapsedMs)} ms`,
    );
  });

  const seeds = Array.from({ length: SEEDS }, (_, i) => FIRST_SEED + i);
  it.each(seeds)(
    'seed %i: 0 lost, 0 duplicated, in order, every conversation answers',
    async (seed) => {
      const timersBefore = activeTimers();
      const result = await chaosRun(seed, emulator, (client) => (hub = client));
      totals.push(result);
      expect(result).toMatchObject({ lost: 0, duplicated: 0 });
      expect(unhandled).toEqual([]);
      await emulator.stop();
      // Ends by itself: the last close handshakes give up within a second (CLOSE_HANDSHAKE_MS).
      for (let waited = 0; activeTimers() > timersBefore && waited < 1_500; waited += 50) await sleep(50);
      expect(activeTimers()).toBeLessThanOrEqual(timersBefore);
    },
    30_000,
  );

  it('inflicted every kind of fault across the seeds, and the re-send path ran', () => {
    // Messages written more than once: lost by a socket and re-sent after a check of the transcript.
    expect(totals.reduce((n, r) => n + r.resent, 0)).toBeGreaterThan(0);
    for (const fault of FAULTS) expect(totals.reduce((n, r) => n + r.faults[fault], 0)).toBeGreaterThan(0);
  });
});
