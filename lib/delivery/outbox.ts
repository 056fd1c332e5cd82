import type { Observable, Subscription } from '../rx.js';
import { type HubError, UnconfirmedLimitError } from '../errors.js';
import type { FrameWatcher, Withdraw } from '../connection/hub-connection.js';
import type { TranscriptEntry } from '../protocol/inbound.js';
import type { UserMessageContent } from '../protocol/parts.js';
import { matchTranscript, messageKey } from './match-transcript.js';
import type { MessageStatus, StoredConversation, StoredMessage } from './message-state.js';
import { PROBE_WRITTEN, type ProbeTarget } from './probe.js';
import { type MessageHost, TrackedMessage } from './tracked-message.js';

/** How many confirmed keys and ids a conversation remembers as context for the content rule. */
export const CONFIRMED_TAIL = 32;

/** What an outbox needs from its conversation and hub. */
export interface OutboxDeps {
  /**
   * Hands a `user_message` frame to the connection (called only while a socket is connected),
   * which tells `watcher`; a frame not written at once is withdrawn, so only the outbox decides
   * what goes out, and when.
   */
  write(clientMsgId: string, content: UserMessageContent, watcher: FrameWatcher): Withdraw;
  /** Reads the conversation's transcript (a request with its own timeout). */
  transcript$(): Observable<readonly TranscriptEntry[]>;
  /** The hub-wide write order: every written message gets the next number. */
  nextSeq(): number;
  /** A message was written: the probe may need arming. */
  written(): void;
  /** Something a store keeps changed. */
  changed(): void;
  /** A cheap request with an answer on the socket connected now (the probe: `metadata_request`). */
  probe$(): Observable<unknown>;
  /** A check of the transcript failed. */
  report(error: HubError): void;
  /** Runs `retry` a little later (a failed check on a socket that stays up is tried again). */
  later(retry: () => void): void;
  /** At most this many unconfirmed messages (queued + written). */
  readonly limit: number;
}

type Entry = TrackedMessage;

export function contentKey(content: UserMessageContent): string {
  return messageKey(content.text, 'files' in content ? content.files : []);
}

/**
 * One conversation's user messages until the hub has them: queued → written → confirmed.
 *
 * While every socket that carried a message is healthy, messages are written at once, in order.
 * When a socket ends (cleanly or not) with messages written on it and not confirmed, nothing more
 * is written until, on the next socket, the transcript was read and matched (`matchTranscript`):
 * the recorded ones are confirmed, the missing ones go out again, in their order, before anything
 * newer. No check, and no transcript request, when nothing is unconfirmed.
 */
export class Outbox implements ProbeTarget, MessageHost {
  #entries: Entry[] = [];
  /** The socket connected now, if any. */
  #generation: number | undefined;
  /** A socket that carried unconfirmed messages ended: the transcript must be read first. */
  #mustCheck = false;
  #checking: Subscription | undefined;
  /** The early confirmation in flight (see `#confirmSoon`). */
  #asking: Subscription | undefined;
  /** The hub-wide number of the last write of this pump. */
  #wroteUpTo: number | undefined;
  #count: number | undefined;
  #tail: string[] = [];
  #ids: string[] = [];
  #closed = false;

  readonly #deps: OutboxDeps;

  constructor(deps: OutboxDeps) {
    this.#deps = deps;
  }

  /** The hub's transcript holds no user message of this conversation yet (started here). */
  startedHere(): void {
    if (this.#count === undefined && this.#tail.length === 0) this.#count = 0;
  }

  /** Restores what a store kept: written ones are checked against the transcript before any re-send. */
  restore(stored: StoredConversation): Observable<MessageStatus>[] {
    this.#count = stored.count;
    this.#tail = [...stored.tail];
    const restored = stored.messages.map((m) => this.#add(m.clientMsgId, m.content, m.written));
    if (stored.messages.some((m) => m.written)) this.#mustCheck = true;
    // Opened on a socket already connected (a conversation resumed, or adopted, later): check now.
    if (this.#generation !== undefined) this.connected(this.#generation);
    return restored;
  }

  /** A new message, queued and written as soon as it may be. */
  push(clientMsgId: string, content: UserMessageContent): Observable<MessageStatus> {
    const status = this.#add(clientMsgId, content, false);
    this.#pump();
    return status;
  }

  /** The socket of `generation` reached `connected`. */
  connected(generation: number): void {
    this.#generation = generation;
    // Written on a socket that is gone and not confirmed: the hub may not have it.
    if (this.#entries.some((e) => e.generation !== undefined && e.generation !== generation)) {
      this.#mustCheck = true;
    }
    this.#checking?.unsubscribe();
    this.#asking?.unsubscribe();
    this.#checking = this.#asking = undefined;
    if (this.#mustCheck) this.#check();
    else this.#pump();
  }

  /** No socket is connected now. */
  disconnected(): void {
    this.#generation = undefined;
  }

  /** The hub answered a request written on `generation` after every message numbered up to `seq`. */
  confirmUpTo(generation: number, seq: number): void {
    const done = this.#entries.filter(
      (e) => e.generation === generation && e.seq !== undefined && e.seq <= seq,
    );
    for (const entry of done) this.#confirm(entry, 'answer');
    if (done.length) this.#deps.changed();
  }

  /**
   * The hub rejected what was written on `generation` up to `seq`: its answer to a later frame of this
   * conversation (the probe, or a message or action) was an error naming it, which only an invalid
   * conversation earns. They fail with `error`, which is reported; a queued one goes out and meets
   * its own answer.
   */
  rejectUpTo(generation: number, seq: number, error: HubError): void {
    for (const entry of this.#entries.filter((e) => e.generation === generation && e.seq! <= seq)) {
      this.failed(entry, error);
    }
    this.#deps.report(error);
  }

  /** Written on the socket of `generation` and not confirmed. */
  unconfirmedOn(generation: number): boolean {
    return this.#entries.some((e) => e.generation === generation);
  }

  probe$(): Observable<unknown> {
    return this.#deps.probe$();
  }

  /** What a store keeps. */
  snapshot(): StoredConversation {
    return {
      messages: this.#entries.map(({ clientMsgId, content, wasWritten }): StoredMessage => ({
        clientMsgId,
        content,
        written: wasWritten,
      })),
      ...(this.#count !== undefined && { count: this.#count }),
      tail: this.#tail,
    };
  }

  get size(): number {
    return this.#entries.length;
  }

  /**
   * The conversation closed: tracking ends. A message never written fails with `error` (as a queued
   * send always did); one written at least once completes in its last state, `written` — the hub may
   * or may not have it, and an app that closes is done with it.
   */
  close(error: HubError): void {
    this.#closed = true;
    this.#checking?.unsubscribe();
    this.#asking?.unsubscribe();
    for (const entry of this.#entries.splice(0)) entry.end(entry.wasWritten ? 'done' : error);
  }

  #add(clientMsgId: string, content: UserMessageContent, written: boolean): Observable<MessageStatus> {
    const entry = new TrackedMessage(clientMsgId, content, contentKey(content), written, this);
    if (this.#entries.length >= this.#deps.limit) {
      const oldest = this.#entries.shift() as Entry;
      oldest.end(new UnconfirmedLimitError(this.#deps.limit, oldest.clientMsgId));
      // Its place in the hub's count is unknown now: the count rule stops, content takes over.
      this.#count = undefined;
    }
    this.#entries.push(entry);
    this.#deps.changed();
    return entry;
  }

  /** Writes the queued messages, in order, while a socket is connected and nothing waits for a check. */
  #pump(): void {
    if (this.#closed || this.#generation === undefined || this.#mustCheck) return;
    // By index, without a copy: this runs on every send, over up to `limit` entries.
    for (let i = 0; i < this.#entries.length; i++) {
      const entry = this.#entries[i] as Entry;
      if (entry.generation !== undefined) continue;
      this.#write(entry);
      if (this.#generation === undefined) return; // that write found the socket gone
      if (this.#entries[i] !== entry) i--; // failed and removed by its write: the next one moved here
    }
    const upTo = this.#wroteUpTo;
    this.#wroteUpTo = undefined;
    if (upTo !== undefined && this.#entries.length >= this.#deps.limit / 2) {
      this.#confirmSoon(this.#generation, upTo);
    }
  }

  #write(entry: Entry): void {
    const withdraw = this.#deps.write(entry.clientMsgId, entry.content, entry);
    // The socket ended before the status said so: left to the connection, the frame would go out
    // on the next socket before the check of this one — so it stays here, queued, until then.
    if (entry.generation === undefined && withdraw()) this.#generation = undefined;
  }

  /** A frame of `entry` was written (see `TrackedMessage`). */
  wrote(entry: Entry, generation: number): void {
    entry.generation = generation;
    entry.seq = this.#deps.nextSeq();
    if (!entry.wasWritten) {
      entry.wasWritten = true;
      this.#deps.changed();
    }
    entry.wroteOn(generation);
    this.#deps.written();
    this.#wroteUpTo = entry.seq;
  }

  /**
   * Half the limit is unconfirmed on a healthy socket: the hub is asked now (the probe's request)
   * rather than when the probe's timer fires — a fast sender would otherwise make its oldest
   * messages fail with `UNCONFIRMED_LIMIT` although the hub has them. Its answer confirms what was
   * written before it on that socket; a hub error naming the conversation rejects it (as the
   * probe does). Anything else is left to the probe and the reconnect.
   */
  #confirmSoon(generation: number, upTo: number): void {
    if (this.#asking) return;
    this.#asking = this.#deps.probe$().subscribe({
      next: (value) => {
        // Its frame went out: only the answer proves the hub read what came before it.
        if (value === PROBE_WRITTEN) return;
        this.#asking = undefined;
        // An answer on a later socket proves nothing about this one.
        if (this.#generation === generation) this.confirmUpTo(generation, upTo);
      },
      error: (error: HubError) => {
        this.#asking = undefined;
        if (error.code === 'HUB_ERROR' && this.#generation === generation) {
          this.rejectUpTo(generation, upTo, error);
        }
      },
    });
  }

  #check(): void {
    const candidates = this.#entries.filter((e) => e.wasWritten);
    if (candidates.length === 0) {
      this.#mustCheck = false;
      this.#pump();
      return;
    }
    this.#checking = this.#deps.transcript$().subscribe({
      next: (transcript) => {
        const context = { count: this.#count, tail: this.#tail, ids: this.#ids };
        const result = matchTranscript(candidates, transcript, context);
        this.#count = result.userMessages - result.recorded.length;
        for (const message of result.recorded) this.#confirm(message as Entry, 'transcript');
        // The missing ones are queued again, in place: written before anything newer.
        for (const message of result.missing) (message as Entry).generation = undefined;
        this.#mustCheck = false;
        this.#checking = undefined;
        this.#deps.changed();
        this.#pump();
      },
      error: (error: HubError) => {
        this.#checking = undefined;
        this.#deps.report(error);
        // The hub answered with an error (the conversation is gone, or its transcript is too large
        // for the socket): no transcript will tell whether it has them. Rather than wait forever or
        // re-send what it may have, they fail with it (the app decides); the next check finds none
        // written and the rest go on.
        if (error.code === 'HUB_ERROR') {
          for (const entry of candidates) this.failed(entry, error);
          return this.#check();
        }
        // Tried again when the next socket connects, or a little later on this one.
        this.#deps.later(() => {
          if (this.#mustCheck && !this.#checking && !this.#closed && this.#generation !== undefined)
            this.#check();
        });
      },
    });
  }

  #confirm(entry: Entry, confirmedBy: 'answer' | 'transcript'): void {
    const index = this.#entries.indexOf(entry);
    if (index < 0) return;
    this.#entries.splice(index, 1);
    if (this.#count !== undefined) this.#count += 1;
    this.#tail.push(entry.key);
    this.#ids.push(entry.clientMsgId);
    if (this.#tail.length > CONFIRMED_TAIL) this.#tail.shift();
    if (this.#ids.length > CONFIRMED_TAIL) this.#ids.shift();
    entry.end(confirmedBy);
  }

  /** `entry` fails (a frame of it will never be written, or the hub rejected it): it leaves. */
  failed(entry: Entry, error: HubError): void {
    const index = this.#entries.indexOf(entry);
    if (index >= 0) this.#entries.splice(index, 1);
    this.#deps.changed();
    entry.end(error);
  }
}
