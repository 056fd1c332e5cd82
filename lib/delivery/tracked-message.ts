import { ReplaySubject } from '../rx.js';
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

/**
 * One user message until the hub has it, as one object: its fields, its status stream (what
 * `sendText` returns, replaying `queued`, each `written`, then `confirmed` or an error, to every
 * subscriber: it is that `ReplaySubject` itself, typed as an `Observable` for the caller) and the
 * watcher of its frames (`FrameWatcher`, reporting to its host) — no subject, `asObservable` or
 * subscription to a receipt beside it.
 */
export class TrackedMessage extends ReplaySubject<MessageStatus> implements FrameWatcher, UnconfirmedMessage {
  /** Generation and hub-wide order of its last write; `undefined` while queued. */
  generation: number | undefined;
  seq: number | undefined;

  constructor(
    readonly clientMsgId: string,
    readonly content: UserMessageContent,
    /** {@link messageKey} of its content. */
    readonly key: string,
    /** Written at least once (maybe in an earlier life of the app, when restored from a store). */
    public wasWritten: boolean,
    readonly host: MessageHost,
  ) {
    super();
    this.tell({ state: 'queued' });
  }

  /** The connection wrote a frame of it (see `FrameWatcher`). */
  written(generation: number): void {
    this.host.wrote(this, generation);
  }

  /** The connection cannot write a frame of it (see `FrameWatcher`); `error` is its own. */
  fail(error: HubError): void {
    this.host.failed(this, error);
  }

  /** A new state, replayed to subscribers. */
  tell(status: Omit<MessageStatus, 'clientMsgId'>): void {
    this.next({ clientMsgId: this.clientMsgId, ...status });
  }

  /** Ends its stream: complete (`null`) or an error. */
  end(error: HubError | null): void {
    if (error) this.error(error);
    else this.complete();
  }
}
