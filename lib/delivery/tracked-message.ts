import { Observable, type Subscriber } from '../rx.js';
import type { HubError } from '../errors.js';
import type { FrameWatcher } from '../connection/hub-connection.js';
import type { UserMessageContent } from '../protocol/parts.js';
import type { UnconfirmedMessage } from './match-transcript.js';
import type { MessageStatus } from './message-state.js';

/** Where a message's frames are reported (its outbox). */
export interface MessageHost {
  /** A frame of `message` was written to the socket of `generation`. */
  wrote(message: TrackedMessage, generation: number): void;
  /** A frame of `message` will never be written. */
  failed(message: TrackedMessage, error: HubError): void;
}

/** How a message ended: confirmed by an answer or the transcript, completed while `written`, or failed. */
type End = 'answer' | 'transcript' | 'done' | HubError;

/**
 * One user message until the hub has it, and its own status stream (what `sendText` returns):
 * `queued`, then a `written` per write, then `confirmed` and complete — or an error. It replays
 * every state to each subscriber, like a `ReplaySubject`, but keeps them as plain fields and makes
 * `MessageStatus` objects only for subscribers: a send nobody watches allocates no subject, buffer
 * or status object. It is also the watcher of its frames (`FrameWatcher`), reporting to its host.
 */
export class TrackedMessage extends Observable<MessageStatus> implements FrameWatcher, UnconfirmedMessage {
  /** Generation and hub-wide order of its last write; `undefined` while queued. */
  generation: number | undefined;
  seq: number | undefined;
  /** The generation of each write, in order (a number while written once). */
  #writes: number | number[] | undefined;
  #end: End | undefined;
  /** `undefined` until the first subscriber that stays. */
  #subscribers: Subscriber<MessageStatus>[] | undefined;

  constructor(
    readonly clientMsgId: string,
    readonly content: UserMessageContent,
    /** {@link messageKey} of its content. */
    readonly key: string,
    /** Written at least once (maybe in an earlier life of the app, when restored from a store). */
    public wasWritten: boolean,
    readonly host: MessageHost,
  ) {
    super(
      TrackedMessage.#subscribe as (this: Observable<MessageStatus>, s: Subscriber<MessageStatus>) => void,
    );
  }

  /** Observable calls it with `this` set to the message: one function for all messages. */
  static #subscribe(this: TrackedMessage, subscriber: Subscriber<MessageStatus>): void {
    subscriber.next({ clientMsgId: this.clientMsgId, state: 'queued' });
    const writes = this.#writes;
    for (const generation of typeof writes === 'number' ? [writes] : (writes ?? [])) {
      subscriber.next(this.#written(generation));
    }
    if (this.#end !== undefined) return this.#finish(subscriber, this.#end);
    const subscribers = (this.#subscribers ??= []);
    subscribers.push(subscriber);
    // `>>> 0`: not found (-1) becomes an index past the end, where splice removes nothing.
    subscriber.add(() => subscribers.splice(subscribers.indexOf(subscriber) >>> 0, 1));
  }

  /** The connection wrote a frame of it (see `FrameWatcher`). */
  written(generation: number): void {
    this.host.wrote(this, generation);
  }

  /** The connection cannot write a frame of it (see `FrameWatcher`). */
  fail(error: HubError): void {
    this.host.failed(this, error);
  }

  /** Records a write on the socket of `generation` and tells the subscribers. */
  wroteOn(generation: number): void {
    const writes = this.#writes;
    this.#writes =
      writes === undefined
        ? generation
        : typeof writes === 'number'
          ? [writes, generation]
          : [...writes, generation];
    if (!this.#subscribers?.length) return;
    const status = this.#written(generation);
    for (const subscriber of this.#subscribers.slice()) subscriber.next(status);
  }

  /** Ends its stream: `confirmed` by `end` then complete, complete (`done`), or an error. */
  end(end: End): void {
    if (this.#end !== undefined) return;
    this.#end = end;
    for (const subscriber of this.#subscribers?.splice(0) ?? []) this.#finish(subscriber, end);
  }

  #written(generation: number): MessageStatus {
    return { clientMsgId: this.clientMsgId, state: 'written', generation };
  }

  #finish(subscriber: Subscriber<MessageStatus>, end: End): void {
    if (typeof end !== 'string') return subscriber.error(end);
    if (end !== 'done')
      subscriber.next({ clientMsgId: this.clientMsgId, state: 'confirmed', confirmedBy: end });
    subscriber.complete();
  }
}
