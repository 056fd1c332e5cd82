import fc from 'fast-check';
import { type Observable, type Subscription, VirtualTimeScheduler } from 'rxjs';
import { HubError } from '../../lib/errors.js';
import { connectHub } from '../../lib/hub/connect-hub.js';
import type { Hub } from '../../lib/hub/hub.js';
import { SimConnection, type WrittenFrame } from './support/sim-connection.js';

/**
 * The request rule under any interleaving, on virtual time: starts, user-conversation lists and
 * metadata reads of different users, started concurrently, each answered after its own random
 * latency (or never), some cancelled by their caller, sockets dying in the middle.
 *
 * Every request ends with its own answer or a typed error — never another request's answer — and
 * no frame is ever written for a request that was cancelled, or timed out, while still queued.
 */

const TIMEOUT_MS = 300;
const USERS = ['alice', 'bob', 'carol', 'dave'] as const;
const ENDINGS = new Set(['REQUEST_TIMEOUT', 'CONNECTION_LOST', 'CONNECTION_CLOSED']);

const operation = fc.record({
  kind: fc.constantFrom('start', 'list', 'metadata'),
  user: fc.constantFrom(...USERS),
  at: fc.integer({ min: 0, max: 1_500 }),
  cancelAfter: fc.option(fc.integer({ min: 0, max: 700 }), { nil: undefined }),
});
const outage = fc.record({
  at: fc.integer({ min: 0, max: 1_500 }),
  downFor: fc.integer({ min: 0, max: 400 }),
});
const latency = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 2 * TIMEOUT_MS }) },
  { weight: 1, arbitrary: fc.constant(Number.POSITIVE_INFINITY) },
);

interface Outcome {
  /** The id the request's frame and its answer carry (the user's tag, or the conversation id). */
  readonly tag: string;
  readonly kind: string;
  value?: unknown;
  error?: unknown;
  cancelled?: boolean;
  /**
   * Cancelled or timed out while queued (no frame of it on the socket open then — a request re-sent
   * after a reconnect is queued again): the frames of it written by then, which must stay all.
   */
  writtenWhenDropped?: number;
}

function ask(hub: Hub, kind: string, tag: string): Observable<unknown> {
  if (kind === 'start') return hub.startConversation$({ userId: tag });
  if (kind === 'list') return hub.userConversations$({ userId: tag });
  return hub.conversation(tag).metadata$();
}

/** The request's own answer: a conversation, list or metadata that names its tag. */
function isOwnAnswer({ kind, tag, value }: Outcome): boolean {
  if (kind === 'start') return (value as { id: string }).id.startsWith(`${tag}-`);
  if (kind === 'list') {
    const { conversations } = value as { conversations: { conversationId: string }[] };
    return conversations.length === 1 && conversations.every((c) => c.conversationId.startsWith(`${tag}-`));
  }
  return (value as { owner?: unknown }).owner === tag;
}

function writesOf(connection: SimConnection, tag: string): WrittenFrame[] {
  return connection.written.filter(({ event }) => {
    const payload = event.payload as { userId?: string; conversationId?: string };
    return payload.userId === tag || (event.type === 'metadata_request' && payload.conversationId === tag);
  });
}

const framesOf = (connection: SimConnection, tag: string): number => writesOf(connection, tag).length;

/** The frames of `tag` written so far if none is on the socket open now (it is queued), else undefined. */
function queuedWrites(connection: SimConnection, tag: string): number | undefined {
  const writes = writesOf(connection, tag);
  const onLiveSocket = writes.some((w) => connection.connected && w.generation === connection.generation);
  return onLiveSocket ? undefined : writes.length;
}

function run(
  operations: readonly { kind: string; user: string; at: number; cancelAfter?: number | undefined }[],
  outages: readonly { at: number; downFor: number }[],
  latencies: readonly number[],
): { outcomes: Outcome[]; connection: SimConnection } {
  const scheduler = new VirtualTimeScheduler();
  const connection = new SimConnection(scheduler, (n) => latencies[n % latencies.length]!);
  const hub = connectHub(
    { url: 'ws://sim.test', apiKey: 'k', requestTimeoutMs: TIMEOUT_MS },
    { createConnection: () => connection, scheduler },
  );
  const outcomes = operations.map(({ kind, user, at, cancelAfter }, index): Outcome => {
    const tag = kind === 'metadata' ? `${user}.${index}-conv` : `${user}.${index}`;
    const outcome: Outcome = { tag, kind };
    let subscription: Subscription | undefined;
    scheduler.schedule(() => {
      subscription = ask(hub, kind, tag).subscribe({
        next: (value) => (outcome.value = value),
        error: (error: unknown) => {
          outcome.error = error;
          if ((error as HubError).code === 'REQUEST_TIMEOUT') {
            outcome.writtenWhenDropped = queuedWrites(connection, tag);
          }
        },
      });
    }, at);
    if (cancelAfter !== undefined) {
      scheduler.schedule(() => {
        if (subscription?.closed !== false) return; // ended already
        subscription.unsubscribe();
        outcome.cancelled = true;
        outcome.writtenWhenDropped = queuedWrites(connection, tag);
      }, at + cancelAfter);
    }
    return outcome;
  });
  for (const { at, downFor } of outages) {
    scheduler.schedule(() => connection.drop(), at);
    scheduler.schedule(() => connection.reconnect(), at + downFor);
  }
  scheduler.flush();
  // Every request ended by itself (no stuck lane), before the hub closes.
  for (const outcome of outcomes) {
    if (!outcome.cancelled && outcome.value === undefined && outcome.error === undefined) {
      throw new Error(`request ${outcome.kind} ${outcome.tag} never ended`);
    }
  }
  hub.close();
  return { outcomes, connection };
}

describe('requests under any interleaving (virtual time)', () => {
  it('hand every request its own answer or a typed error, and never write a frame taken off the queue', () => {
    /** What the runs went through, so that the property cannot pass on runs where nothing happens. */
    const seen = new Map<string, number>();
    const count = (what: string): void => void seen.set(what, (seen.get(what) ?? 0) + 1);
    fc.assert(
      fc.property(
        fc.array(operation, { minLength: 1, maxLength: 12 }),
        fc.array(outage, { maxLength: 3 }),
        fc.array(latency, { minLength: 1, maxLength: 12 }),
        (operations, outages, latencies) => {
          const { outcomes, connection } = run(operations, outages, latencies);
          if (connection.recycled.length) count('recycled socket');
          for (const outcome of outcomes) {
            if (outcome.value !== undefined) count(`${outcome.kind} answered`);
            if (outcome.error !== undefined) count((outcome.error as HubError).code);
            if (outcome.cancelled) count('cancelled');
            if (outcome.writtenWhenDropped !== undefined) count('dropped while queued');
            if (outcome.value !== undefined && !isOwnAnswer(outcome)) {
              throw new Error(`${outcome.tag} got another's answer: ${JSON.stringify(outcome.value)}`);
            }
            if (outcome.error !== undefined) {
              const { code } = outcome.error as HubError;
              if (!(outcome.error instanceof HubError) || !ENDINGS.has(code)) {
                throw new Error(`${outcome.tag} failed with ${String(outcome.error)}`);
              }
            }
            // Taken off the queue when dropped unwritten: never written afterwards.
            const dropped = outcome.writtenWhenDropped;
            if (dropped !== undefined && framesOf(connection, outcome.tag) > dropped) {
              throw new Error(`${outcome.tag} was written after it was dropped while queued`);
            }
            // A start is never sent twice (a second start would create a second conversation).
            if (outcome.kind === 'start' && framesOf(connection, outcome.tag) > 1) {
              throw new Error(`${outcome.tag} was started twice`);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
    expect([...seen.keys()]).toEqual(
      expect.arrayContaining([
        'start answered',
        'list answered',
        'metadata answered',
        'REQUEST_TIMEOUT',
        'CONNECTION_LOST',
        'cancelled',
        'dropped while queued',
        'recycled socket',
      ]),
    );
  });
});
