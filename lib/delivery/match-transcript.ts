import type { TranscriptEntry } from '../protocol/inbound.js';
import type { UserFile } from '../protocol/parts.js';

/** A user message this client sent and the hub has not been seen to record. */
export interface UnconfirmedMessage {
  readonly clientMsgId: string;
  /** {@link messageKey} of its content. */
  readonly key: string;
}

/** What the client knows of the conversation before its unconfirmed messages. */
export interface ConfirmedContext {
  /**
   * How many user messages (user entries that are not actions) the hub's transcript held before the
   * first unconfirmed message, when known: every message of this conversation went through this client.
   */
  readonly count?: number;
  /** Keys of the last confirmed messages, oldest first (a bounded tail). */
  readonly tail?: readonly string[];
  /** `client_msg_id`s of the last confirmed messages: tells whether the hub's entry ids are ours. */
  readonly ids?: readonly string[];
}

/** Which rule decided (strongest first). */
export type MatchRule = 'id' | 'count' | 'content';

export interface MatchResult {
  /** Recorded by the hub: confirmed. */
  readonly recorded: readonly UnconfirmedMessage[];
  /** Not recorded: to be sent again, in this order. */
  readonly missing: readonly UnconfirmedMessage[];
  readonly rule: MatchRule;
  /** User messages in the transcript (the new `count` once `missing` is confirmed in turn). */
  readonly userMessages: number;
}

/**
 * The content a transcript entry and a sent message are compared by: the text, then each file's
 * url (or name). Two messages with the same key cannot be told apart by content.
 */
export function messageKey(text: string | undefined, files: readonly Partial<UserFile>[] = []): string {
  return files.length === 0
    ? (text ?? '')
    : `${text ?? ''}\u0000${files.map((file) => file.url ?? file.filename ?? '').join('\u0001')}`;
}

/** A user message entry (actions are user entries too, but never ours to match). */
const isUserMessage = (entry: TranscriptEntry): boolean =>
  entry.from === 'user' && entry.actions.length === 0;

function entryKey(entry: TranscriptEntry): string {
  const text = entry.parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
  return messageKey(text, entry.files as readonly Partial<UserFile>[]);
}

const split = (pending: readonly UnconfirmedMessage[], recorded: number) => ({
  recorded: pending.slice(0, recorded),
  missing: pending.slice(recorded),
});

/**
 * Which of `pending` (in send order) the hub recorded, from its transcript. Relies on TCP order:
 * the hub reads a prefix of what one socket carried, and no newer message was written before this
 * check, so the recorded ones are a prefix of `pending` and the last user messages of the transcript.
 *
 * 1. **id**: entries carry ids and at least one is a `client_msg_id` of ours → exact by id.
 * 2. **count**: `context.count` known → the user messages past it are the recorded prefix; exact
 *    with one writer per conversation. Checked by content; a mismatch (another writer) falls to 3.
 * 3. **content**: the largest prefix `j` such that the transcript's user messages end with
 *    `tail ++ pending[0..j)` (the whole `tail` must fit). Exact when the tail covers the history;
 *    with a partial or empty tail an earlier message identical to `pending[0..j)` reads as recorded.
 */
export function matchTranscript(
  pending: readonly UnconfirmedMessage[],
  transcript: readonly TranscriptEntry[],
  context: ConfirmedContext = {},
): MatchResult {
  const users = transcript.filter(isUserMessage);
  const userMessages = users.length;
  const byId = matchById(pending, users, context);
  if (byId) return { ...byId, rule: 'id', userMessages };
  const keys = users.map(entryKey);
  const { count } = context;
  if (count !== undefined && count <= keys.length && keys.length - count <= pending.length) {
    const fresh = keys.slice(count);
    if (fresh.every((key, i) => key === pending[i]?.key)) {
      return { ...split(pending, fresh.length), rule: 'count', userMessages };
    }
  }
  const tail = context.tail ?? [];
  const j = largestPrefix(pending, keys, tail) ?? largestPrefix(pending, keys, []) ?? 0;
  return { ...split(pending, j), rule: 'content', userMessages };
}

function matchById(
  pending: readonly UnconfirmedMessage[],
  users: readonly TranscriptEntry[],
  context: ConfirmedContext,
): Pick<MatchResult, 'recorded' | 'missing'> | undefined {
  const ids = new Set<string>();
  for (const entry of users) if (entry.messageId !== undefined) ids.add(entry.messageId);
  if (ids.size === 0) return undefined;
  const ours = pending.some((m) => ids.has(m.clientMsgId)) || !!context.ids?.some((id) => ids.has(id));
  if (!ours) return undefined;
  return {
    recorded: pending.filter((m) => ids.has(m.clientMsgId)),
    missing: pending.filter((m) => !ids.has(m.clientMsgId)),
  };
}

/** The largest `j` with `keys` ending in `tail ++ pending[0..j)`, or `undefined` when none does. */
function largestPrefix(
  pending: readonly UnconfirmedMessage[],
  keys: readonly string[],
  tail: readonly string[],
): number | undefined {
  for (let j = Math.min(pending.length, keys.length - tail.length); j >= 0; j -= 1) {
    const start = keys.length - j - tail.length;
    let ok = true;
    for (let i = 0; ok && i < tail.length; i += 1) ok = keys[start + i] === tail[i];
    for (let i = 0; ok && i < j; i += 1) ok = keys[start + tail.length + i] === pending[i]?.key;
    if (ok) return j;
  }
  return undefined;
}
