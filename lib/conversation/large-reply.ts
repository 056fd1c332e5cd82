import { Observable, type SchedulerLike, timer } from '../rx.js';
import { MessageFetchError } from '../errors.js';
import { decodeWireEvent } from '../protocol/decode.js';
import type { BotMessageEvent, ConversationTranscriptEvent, GeneralErrorEvent } from '../protocol/inbound.js';
import { isWireObject } from '../protocol/json.js';
import { HUB_DEFAULTS } from '../defaults.js';
import type { ResolvedHubOptions } from '../options.js';
import { chatMessageOf, type ChatMessage } from './chat-message.js';
import { isTrustedLink, trustedOriginsOf } from './trusted-origins.js';

/** The hub's resolved options (one object per hub: it keys the hub's fetch state). */
export type LargeReplyOptions = Pick<
  ResolvedHubOptions,
  | 'fetch'
  | 'apiKey'
  | 'url'
  | 'trustedOrigins'
  | 'largeReplyTimeoutMs'
  | 'largeReplyMaxBytes'
  | 'largeReplyConcurrency'
>;

/** What one hub's fetches share (keyed by its options object): the origin policy and the bounds. */
interface FetchState {
  readonly trusted: ReadonlySet<string>;
  /** Fetches in flight per conversation; an entry goes when its count falls to 0. */
  readonly inFlight: Map<string, number>;
  /** `conversation \n link` of recent fetches, oldest first (a Set keeps insertion order). */
  readonly recent: Set<string>;
}

const states = new WeakMap<LargeReplyOptions, FetchState>();

function stateOf(options: LargeReplyOptions): FetchState {
  let state = states.get(options);
  if (!state) {
    const trusted = trustedOriginsOf(options.url, options.trustedOrigins);
    state = { trusted, inFlight: new Map(), recent: new Set() };
    states.set(options, state);
  }
  return state;
}

/** Thrown inside a fetch to name why it failed (the `cause` of the `MessageFetchError`). */
const failure = (reason: string): Error => new Error(`Large reply refused: ${reason}`);

/** What a `message_link` held: a bot message, or the conversation's transcript. */
export type LinkedReply = ChatMessage | ConversationTranscriptEvent;

/**
 * A reply too large for the socket arrives as `general_error` 413 with a `message_link`; the
 * message itself is `GET <link>` with header `x-api-key`, body `{ botMessage: { content } }`
 * (docs/protocol/README.md §3). Emits it as a bot message — or, when `content` is a transcript
 * payload (`conversation_id` with a `transcript` or `messages` array: the answer of a transcript
 * request, too large too), as that `conversation_transcript` event — or errors with
 * `MessageFetchError`, never a stand-in message. The error names neither the link nor the key.
 * Unsubscribing aborts the fetch.
 *
 * The key goes only to a trusted origin (see trusted-origins.ts): any other link fails before
 * a request. Redirects are not followed; the fetch has a deadline, the body a byte cap, each
 * conversation a number of fetches in flight; a link already fetched completes with nothing.
 */
export function fetchLargeReply$(
  event: GeneralErrorEvent,
  link: string,
  options: LargeReplyOptions,
  scheduler?: SchedulerLike,
): Observable<LinkedReply> {
  const { largeReplyConcurrency, largeReplyTimeoutMs } = options;
  return new Observable<LinkedReply>((subscriber) => {
    const state = stateOf(options);
    const conversation = event.conversationId ?? '';
    const fail = (status: number | undefined, cause: unknown): void =>
      subscriber.error(new MessageFetchError(event.conversationId, status, { cause }));
    if (!isTrustedLink(link, state.trusted))
      return fail(undefined, failure('the link’s origin is not trusted'));
    const linkKey = `${conversation}\n${link}`;
    if (state.recent.has(linkKey)) return subscriber.complete(); // fetched (or being fetched) already
    const busy = state.inFlight.get(conversation) ?? 0;
    if (busy >= largeReplyConcurrency) return fail(undefined, failure('too many fetches in flight'));
    remember(state.recent, linkKey);
    state.inFlight.set(conversation, busy + 1);

    const abort = new AbortController();
    let status: number | undefined;
    let settled = false;
    let timedOut = false;
    const deadline = timer(largeReplyTimeoutMs, scheduler).subscribe(() => {
      timedOut = true;
      abort.abort();
    });
    readReply(event, link, options, abort.signal, (s) => (status = s)).then(
      (message) => {
        settled = true;
        subscriber.next(message);
        subscriber.complete();
      },
      (cause: unknown) => {
        settled = true;
        // After an unsubscription (the abort) the subscriber is closed and ignores this.
        fail(status, timedOut ? failure(`no complete answer within ${largeReplyTimeoutMs} ms`) : cause);
      },
    );
    return () => {
      deadline.unsubscribe();
      abort.abort();
      const left = (state.inFlight.get(conversation) ?? 1) - 1;
      if (left > 0) state.inFlight.set(conversation, left);
      else state.inFlight.delete(conversation);
      // Cancelled before an outcome (the conversation closed): a later subscriber may fetch it.
      if (!settled) state.recent.delete(linkKey);
    };
  });
}

function remember(recent: Set<string>, key: string): void {
  recent.add(key);
  if (recent.size > HUB_DEFAULTS.largeReplyLinksRemembered) {
    const oldest = recent.values().next().value;
    if (oldest !== undefined) recent.delete(oldest);
  }
}

async function readReply(
  { eventId, conversationId }: GeneralErrorEvent,
  link: string,
  { fetch = globalThis.fetch, apiKey, largeReplyMaxBytes }: LargeReplyOptions,
  signal: AbortSignal,
  onStatus: (status: number) => void,
): Promise<LinkedReply> {
  // Without a `fetch` (no global one, none given) this throws too, and fails alike.
  // `manual`: a redirect is an answer that is not `ok` (Node: its 3xx; browsers: status 0).
  const response = await fetch(link, {
    headers: { 'x-api-key': apiKey },
    signal,
    redirect: 'manual',
    credentials: 'omit',
  });
  onStatus(response.status);
  if (response.redirected) throw failure('redirected');
  if (!response.ok) throw failure(`HTTP ${response.status}`);
  // Any JSON value: a number, a string or an array has no `botMessage` either.
  const body = JSON.parse(await readCapped(response.body, largeReplyMaxBytes)) as {
    readonly botMessage?: unknown;
  } | null;
  const botMessage = body?.botMessage;
  if (!isWireObject(botMessage) || botMessage.content === undefined) throw failure('no botMessage.content');
  const { content } = botMessage;
  // A transcript payload names its conversation, as no bot message's content does. The link was
  // for this conversation: its transcript, whatever the body names.
  const transcript =
    isWireObject(content) &&
    'conversation_id' in content &&
    Array.isArray(content.transcript ?? content.messages);
  const event = decodeWireEvent({
    event_type: transcript ? 'conversation_transcript' : 'bot_message',
    event_id: eventId,
    event_payload: transcript
      ? { ...content, conversation_id: conversationId }
      : { conversation_id: conversationId, ch_msg_id: botMessage.ch_msg_id, content },
  });
  // A `bot_message` always decodes as one (malformed parts are normalised, never refused).
  return transcript
    ? (event as ConversationTranscriptEvent)
    : chatMessageOf(event as BotMessageEvent, 'link');
}

/** The body as text, reading no more than `maxBytes` (the rest is cancelled, never buffered). */
async function readCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<string> {
  if (!body) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > maxBytes) {
      void reader.cancel().catch(() => undefined);
      throw failure(`body over ${maxBytes} bytes`);
    }
    text += decoder.decode(value, { stream: true });
  }
}
